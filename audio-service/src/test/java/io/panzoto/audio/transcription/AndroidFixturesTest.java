package io.panzoto.audio.transcription;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.panzoto.audio.Recordings;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.VerifiedPlaintext;
import io.panzoto.crypto.audio.AndroidAudioV0;
import io.panzoto.crypto.kdf.Pbkdf2;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fixtures encrypted by Python's cryptography (PBKDF2-HMAC-SHA256 and AES-GCM, as the Android app
 * does) decrypt with the service's own path, byte for byte: the formats agree across implementations.
 */
class AndroidFixturesTest {
    private static final String PASSWORD = "fixture password";
    private static final String SALT_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @ParameterizedTest
    @ValueSource(strings = {"speech.wav", "speech.3gp", "speech.m4a"})
    void pythonEncryptedRecordingsDecryptToTheOriginal(String fixture, @TempDir Path work) throws Exception {
        try (SecretBytes key = Pbkdf2.deriveAndroidKey(PASSWORD, Bytes.fromHex(SALT_HEX));
             VerifiedPlaintext plain = AndroidAudioV0.decryptToTempFile(
                     new ByteArrayInputStream(Recordings.fixture(fixture + ".enc")), key, work)) {
            assertArrayEquals(Recordings.fixture(fixture), Files.readAllBytes(plain.path()));
        }
    }
}
