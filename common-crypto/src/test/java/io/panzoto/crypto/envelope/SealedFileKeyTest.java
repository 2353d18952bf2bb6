package io.panzoto.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.SealedBox;
import io.panzoto.crypto.sodium.X25519;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SealedFileKeyTest {
    private final SecretBytes transcriberSecret = SecretBytes.copyOf(SecureRandoms.bytes(32));
    private final byte[] transcriberPublic = X25519.publicKey(transcriberSecret);
    private final byte[] fileKey = SecureRandoms.bytes(32);
    private final String object = "users/0b7c/audio/2026/12/recording.v1";

    @Test
    void theTranscriberOpensTheFileKeyForItsObject() {
        byte[] box = SealedFileKey.seal(SecretBytes.copyOf(fileKey), object, transcriberPublic);
        assertEquals(SealedFileKey.BYTES, box.length);
        try (SecretBytes opened = SealedFileKey.open(box, object, transcriberPublic, transcriberSecret)) {
            assertArrayEquals(fileKey, opened.bytes());
        }
    }

    @Test
    void aClientThatFollowsTheDocumentedLayoutWithPlainCryptoBoxSealIsUnderstood() {
        // What a Flutter or Android client does with its own libsodium: crypto_box_seal of the layout.
        byte[] message = Bytes.concat(new byte[] {'P', 'Z', 'F', 'K', 1},
                ContentHash.sha256(object.getBytes(StandardCharsets.UTF_8)), fileKey);
        byte[] box = SealedBox.seal(message, transcriberPublic);
        try (SecretBytes opened = SealedFileKey.open(box, object, transcriberPublic, transcriberSecret)) {
            assertArrayEquals(fileKey, opened.bytes());
        }
    }

    @Test
    void aBoxOpensForNoOtherObjectNoOtherTranscriberAndNotAltered() {
        byte[] box = SealedFileKey.seal(SecretBytes.copyOf(fileKey), object, transcriberPublic);
        assertThrows(AuthenticationFailedException.class, () -> SealedFileKey.open(box, object + "x", transcriberPublic, transcriberSecret));
        SecretBytes other = SecretBytes.copyOf(SecureRandoms.bytes(32));
        assertThrows(AuthenticationFailedException.class, () -> SealedFileKey.open(box, object, X25519.publicKey(other), other));
        byte[] altered = box.clone();
        altered[40] ^= 1;
        assertThrows(AuthenticationFailedException.class, () -> SealedFileKey.open(altered, object, transcriberPublic, transcriberSecret));
        assertThrows(MalformedCiphertextException.class,
                () -> SealedFileKey.open(Arrays.copyOf(box, box.length - 1), object, transcriberPublic, transcriberSecret));
        byte[] wrongMagic = SealedBox.seal(Bytes.concat(new byte[] {'P', 'Z', 'J', 'K', 1},
                ContentHash.sha256(object.getBytes(StandardCharsets.UTF_8)), fileKey), transcriberPublic);
        assertThrows(AuthenticationFailedException.class, () -> SealedFileKey.open(wrongMagic, object, transcriberPublic, transcriberSecret));
        assertThrows(IllegalArgumentException.class, () -> SealedFileKey.seal(SecretBytes.copyOf(new byte[16]), object, transcriberPublic));
    }
}
