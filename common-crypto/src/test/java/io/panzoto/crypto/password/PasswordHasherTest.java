package io.panzoto.crypto.password;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.Vectors;
import io.panzoto.crypto.kdf.Argon2Kdf;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final PasswordHasher HASHER = new PasswordHasher(Argon2Parameters.OWASP_MINIMUM);

    @Test
    void hashesArePhcStringsAtTheConfiguredParametersWithFreshSalts() {
        String first = HASHER.hash("hunter2 hunter2");
        String second = HASHER.hash("hunter2 hunter2");
        assertTrue(first.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), first);
        assertNotEquals(first, second);
    }

    @Test
    void verifyAcceptsTheRightPasswordOnly() {
        String hash = HASHER.hash("pässwörd with ünïcode");
        assertTrue(HASHER.verify(hash, "pässwörd with ünïcode"));
        assertFalse(HASHER.verify(hash, "passwörd with ünïcode"));
        assertFalse(HASHER.verify(hash, ""));
    }

    @Test
    void argon2CffiHashesWithFourAndEightLanesVerify() {
        Properties fixtures = Vectors.fixtures();
        String password = fixtures.getProperty("argon2cffi.password");
        for (String key : new String[] {"argon2cffi.p4", "argon2cffi.p8"}) {
            String hash = fixtures.getProperty(key);
            assertTrue(HASHER.verify(hash, password), key);
            assertFalse(HASHER.verify(hash, password + "!"), key);
            assertTrue(HASHER.needsRehash(hash), "a multi-lane hash is upgraded to the configured parameters");
        }
    }

    @Test
    void needsRehashOnlyWhenParametersDiffer() {
        String current = HASHER.hash("some password");
        assertFalse(HASHER.needsRehash(current));
        PasswordHasher stronger = new PasswordHasher(new Argon2Parameters(32 * 1024, 3));
        assertTrue(stronger.needsRehash(current));
        assertTrue(HASHER.needsRehash("$2b$12$notargon"));
    }

    @Test
    void malformedHashesNeverVerify() {
        assertFalse(HASHER.verify(null, "x"));
        assertFalse(HASHER.verify("", "x"));
        assertFalse(HASHER.verify("$argon2id$v=19$m=19456,t=2,p=1$bad", "x"));
        assertFalse(HASHER.verify("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", "x"));
    }

    @Test
    void libsodiumHashAgreesWithBouncyCastleArgon2id() {
        String hash = HASHER.hash("cross-check");
        String[] parts = hash.split("\\$"); // "", argon2id, v=19, m=..,t=..,p=.., salt, hash
        byte[] salt = Base64.getDecoder().decode(parts[4]);
        byte[] expected = Base64.getDecoder().decode(parts[5]);
        try (SecretBytes raw = Argon2Kdf.derive("cross-check".getBytes(StandardCharsets.UTF_8), salt, 19456, 2, 1, null, null, expected.length)) {
            assertArrayEquals(expected, raw.bytes());
        }
    }

    @Test
    void weakParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Argon2Parameters(1024, 2));
        assertThrows(IllegalArgumentException.class, () -> new Argon2Parameters(19456, 0));
    }

    @Test
    void toStringShowsParametersOnly() {
        assertTrue(HASHER.toString().contains("m=19456KiB"));
    }
}
