package io.panzoto.crypto.audio;

import static io.panzoto.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.Vectors;
import io.panzoto.crypto.VerifiedPlaintext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AndroidAudioV0Test {
    @TempDir
    Path tempDir;

    @Test
    void decryptsNistGcmVectorsWithoutAad() throws IOException {
        for (Map<String, String> v : Vectors.cases("nist-gcm-aes256.txt")) {
            if (!v.get("aad").isEmpty()) {
                continue; // format v0 has no AAD
            }
            byte[] file = Bytes.concat(hex(v, "iv"), hex(v, "ciphertext"), hex(v, "tag"));
            try (SecretBytes key = SecretBytes.copyOf(hex(v, "key"))) {
                assertArrayEquals(hex(v, "plaintext"), decrypt(file, key), v.toString());
            }
        }
    }

    @Test
    void decryptsAFileMadeByPythonWithThePbkdf2Key() throws IOException {
        Properties fixtures = Vectors.fixtures();
        try (SecretBytes key = AndroidAudioV0.deriveKey(fixtures.getProperty("android.password"),
                Bytes.fromHex(fixtures.getProperty("android.key_salt")))) {
            assertArrayEquals(Vectors.resource("interop/android-v0.plain"), decrypt(Vectors.resource("interop/android-v0.bin"), key));
        }
    }

    @Test
    void roundTripsAtEveryBoundaryAndMatchesTheJdksOwnGcm() throws Exception {
        try (SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            for (int size : new int[] {0, 1, 15, 16, 17, 4095, 131_071, 131_072, 131_089, 262_144, 262_161, 1_000_003}) {
                byte[] plain = SecureRandoms.bytes(size);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                AndroidAudioV0.encrypt(new ByteArrayInputStream(plain), out, key);
                byte[] file = out.toByteArray();
                assertEquals(size + 28, file.length);
                assertArrayEquals(plain, jdkDecrypt(file, key), "JDK GCM reads what we write, size " + size);
                assertArrayEquals(plain, decrypt(file, key), "size " + size);
                assertArrayEquals(plain, decrypt(trickling(file), key), "one byte at a time, size " + size);
            }
        }
    }

    @Test
    void aFlippedBitAnywhereFailsAndLeavesNoPlaintext() throws IOException {
        try (SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            byte[] file = encrypt(SecureRandoms.bytes(300_000), key);
            for (int position : new int[] {0, 11, 12, 150_000, 299_999 + 12, file.length - 16, file.length - 1}) {
                byte[] tampered = file.clone();
                tampered[position] ^= 0x01;
                assertThrows(AuthenticationFailedException.class, () -> decrypt(tampered, key), "bit at " + position);
                assertNoFilesLeft();
            }
        }
    }

    @Test
    void aWrongPasswordFails() throws IOException {
        byte[] salt = SecureRandoms.bytes(32);
        byte[] file;
        try (SecretBytes key = AndroidAudioV0.deriveKey("right password", salt)) {
            file = encrypt(SecureRandoms.bytes(1000), key);
        }
        try (SecretBytes wrong = AndroidAudioV0.deriveKey("wrong password", salt)) {
            assertThrows(AuthenticationFailedException.class, () -> decrypt(file, wrong));
        }
        assertNoFilesLeft();
    }

    @Test
    void truncatedFilesFail() throws IOException {
        try (SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            byte[] file = encrypt(SecureRandoms.bytes(5000), key);
            assertThrows(AuthenticationFailedException.class, () -> decrypt(Arrays.copyOf(file, file.length - 1), key));
            assertThrows(AuthenticationFailedException.class, () -> decrypt(Arrays.copyOf(file, 2000), key));
            assertThrows(MalformedCiphertextException.class, () -> decrypt(Arrays.copyOf(file, 27), key));
            assertThrows(MalformedCiphertextException.class, () -> decrypt(Arrays.copyOf(file, 5), key));
            assertNoFilesLeft();
        }
    }

    @Test
    void theVerifiedFileIsPrivateAndGoneWhenClosed() throws IOException {
        try (SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            byte[] file = encrypt(new byte[] {1, 2, 3}, key);
            Path plainFile;
            try (VerifiedPlaintext plain = AndroidAudioV0.decryptToTempFile(new ByteArrayInputStream(file), key, tempDir)) {
                plainFile = plain.path();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(plainFile)));
                assertEquals(3, plain.size());
            }
            assertEquals(false, Files.exists(plainFile));
        }
    }

    private byte[] encrypt(byte[] plain, SecretBytes key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AndroidAudioV0.encrypt(new ByteArrayInputStream(plain), out, key);
        return out.toByteArray();
    }

    private byte[] decrypt(byte[] file, SecretBytes key) throws IOException {
        return decrypt(new ByteArrayInputStream(file), key);
    }

    private byte[] decrypt(InputStream file, SecretBytes key) throws IOException {
        try (VerifiedPlaintext plain = AndroidAudioV0.decryptToTempFile(file, key, tempDir); InputStream in = plain.open()) {
            return in.readAllBytes();
        }
    }

    private void assertNoFilesLeft() throws IOException {
        try (var files = Files.list(tempDir)) {
            assertEquals(0, files.count(), "no plaintext file may remain after a failure");
        }
    }

    /** What Android's Cipher.getInstance("AES/GCM/NoPadding") does to read the file. */
    private static byte[] jdkDecrypt(byte[] file, SecretBytes key) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(128, file, 0, 12));
        return cipher.doFinal(file, 12, file.length - 12);
    }

    /** A stream that returns one byte per read, as a slow network would. */
    private static InputStream trickling(byte[] data) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }
}
