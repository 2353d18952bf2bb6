package io.panzoto.crypto.kdf;

import static io.panzoto.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.Vectors;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KdfVectorsTest {

    @Test
    void pbkdf2MatchesRfc7914Section11() {
        for (Map<String, String> v : Vectors.cases("rfc7914-pbkdf2-sha256.txt")) {
            try (SecretBytes key = Pbkdf2.derive(v.get("password"), v.get("salt").getBytes(),
                    Integer.parseInt(v.get("iterations")), Integer.parseInt(v.get("length")))) {
                assertArrayEquals(hex(v, "key"), key.bytes(), v.toString());
            }
        }
    }

    @Test
    void androidKeyMatchesPythonHashlib() {
        Properties fixtures = Vectors.fixtures();
        try (SecretBytes key = Pbkdf2.deriveAndroidKey(fixtures.getProperty("android.password"),
                Bytes.fromHex(fixtures.getProperty("android.key_salt")))) {
            assertArrayEquals(Bytes.fromHex(fixtures.getProperty("android.key")), key.bytes());
        }
    }

    @Test
    void hkdfMatchesRfc5869() {
        for (Map<String, String> v : Vectors.cases("rfc5869-hkdf-sha256.txt")) {
            try (SecretBytes okm = Hkdf.derive(hex(v, "ikm"), hex(v, "salt"), hex(v, "info"), Integer.parseInt(v.get("length")))) {
                assertArrayEquals(hex(v, "okm"), okm.bytes(), v.toString());
            }
        }
    }

    @Test
    void argon2idMatchesRfc9106() {
        Map<String, String> v = Vectors.cases("rfc9106-argon2id.txt").get(0);
        try (SecretBytes tag = Argon2Kdf.derive(hex(v, "password"), hex(v, "salt"), Integer.parseInt(v.get("memoryKiB")),
                Integer.parseInt(v.get("iterations")), Integer.parseInt(v.get("parallelism")), hex(v, "secret"),
                hex(v, "associated"), 32)) {
            assertArrayEquals(hex(v, "tag"), tag.bytes());
        }
    }
}
