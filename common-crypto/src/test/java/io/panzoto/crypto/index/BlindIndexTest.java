package io.panzoto.crypto.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import org.junit.jupiter.api.Test;

class BlindIndexTest {
    @Test
    void tokensAreWhatPythonsHkdfAndHmacGive() {
        // Made with Python's cryptography (HKDF-SHA256, no salt) and hmac (SHA-256), truncated to 16 bytes:
        // data key 00 01 .. 1f, purpose "terms".
        byte[] dataKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            dataKey[i] = (byte) i;
        }
        try (BlindIndex index = BlindIndex.of(SecretBytes.copyOf(dataKey), "terms")) {
            assertEquals("LBeke1f8dmlC_1gGoJrqlw", index.token("walk"));
            assertEquals("5zr0cRLAViLlvCIgHd71XQ", index.token("café"));
        }
    }

    @Test
    void tokensMatchWithinAUserAndPurposeAndNowhereElse() {
        SecretBytes mine = SecretBytes.copyOf(SecureRandoms.bytes(32));
        SecretBytes yours = SecretBytes.copyOf(SecureRandoms.bytes(32));
        try (BlindIndex terms = BlindIndex.of(mine, "terms"); BlindIndex again = BlindIndex.of(mine, "terms");
             BlindIndex tags = BlindIndex.of(mine, "tags"); BlindIndex other = BlindIndex.of(yours, "terms")) {
            assertEquals(terms.token("walk"), again.token("walk"));
            assertNotEquals(terms.token("walk"), terms.token("walks"));
            assertNotEquals(terms.token("walk"), tags.token("walk"));
            assertNotEquals(terms.token("walk"), other.token("walk"));
            assertEquals(22, terms.token("walk").length());
            assertFalse(terms.toString().contains("walk"));
        }
    }
}
