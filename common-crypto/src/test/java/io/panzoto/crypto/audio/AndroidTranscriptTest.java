package io.panzoto.crypto.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AndroidTranscriptTest {
    private static final String FILE_ID = "5f0c6f0e-8d4c-4a43-9d0e-0d6a3c1f2b7a";

    @Test
    void theAppOpensATranscriptWithAesGcmNoPaddingAndTheFileIdAsAad() throws Exception {
        byte[] key = SecureRandoms.bytes(32);
        byte[] sealed = AndroidTranscript.seal(SecretBytes.copyOf(key), FILE_ID, "buy milk — and bread");

        Cipher android = Cipher.getInstance("AES/GCM/NoPadding");
        android.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, 12));
        android.updateAAD(FILE_ID.getBytes(StandardCharsets.UTF_8));
        byte[] plain = android.doFinal(sealed, 12, sealed.length - 12);
        assertEquals("buy milk — and bread", new String(plain, StandardCharsets.UTF_8));
    }

    @Test
    void opensWhatTheAppSeals() throws Exception {
        byte[] key = SecureRandoms.bytes(32);
        byte[] iv = SecureRandoms.bytes(12);
        Cipher android = Cipher.getInstance("AES/GCM/NoPadding");
        android.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        android.updateAAD(FILE_ID.getBytes(StandardCharsets.UTF_8));
        byte[] body = android.doFinal("call the doctor".getBytes(StandardCharsets.UTF_8));
        byte[] sealed = new byte[12 + body.length];
        System.arraycopy(iv, 0, sealed, 0, 12);
        System.arraycopy(body, 0, sealed, 12, body.length);

        assertEquals("call the doctor", AndroidTranscript.open(SecretBytes.copyOf(key), FILE_ID, sealed));
    }

    @Test
    void aTranscriptDoesNotOpenForAnotherFileAnotherKeyOrAfterAChange() {
        byte[] key = SecureRandoms.bytes(32);
        byte[] sealed = AndroidTranscript.seal(SecretBytes.copyOf(key), FILE_ID, "secret words");
        assertThrows(AuthenticationFailedException.class,
                () -> AndroidTranscript.open(SecretBytes.copyOf(key), "another-file", sealed));
        assertThrows(AuthenticationFailedException.class,
                () -> AndroidTranscript.open(SecretBytes.copyOf(SecureRandoms.bytes(32)), FILE_ID, sealed));
        byte[] flipped = sealed.clone();
        flipped[20] ^= 1;
        assertThrows(AuthenticationFailedException.class, () -> AndroidTranscript.open(SecretBytes.copyOf(key), FILE_ID, flipped));
        assertThrows(MalformedCiphertextException.class,
                () -> AndroidTranscript.open(SecretBytes.copyOf(key), FILE_ID, Arrays.copyOf(sealed, 27)));
    }

    @Test
    void eachSealUsesAFreshIv() {
        SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32));
        byte[] first = AndroidTranscript.seal(key, FILE_ID, "same");
        byte[] second = AndroidTranscript.seal(key, FILE_ID, "same");
        assertEquals(false, Arrays.equals(Arrays.copyOf(first, 12), Arrays.copyOf(second, 12)));
        assertArrayEquals(AndroidTranscript.open(key, FILE_ID, first).getBytes(), AndroidTranscript.open(key, FILE_ID, second).getBytes());
    }
}
