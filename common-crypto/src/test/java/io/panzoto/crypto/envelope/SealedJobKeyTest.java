package io.panzoto.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.X25519;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SealedJobKeyTest {
    private final SecretBytes workerSecret = SecretBytes.copyOf(SecureRandoms.bytes(32));
    private final byte[] workerPublic = X25519.publicKey(workerSecret);
    private final byte[] key = SecureRandoms.bytes(32);
    private final UUID job = UUID.randomUUID();
    private final Instant now = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void theWorkerOpensTheKeyForItsJobBeforeExpiry() {
        byte[] box = SealedJobKey.seal(SecretBytes.copyOf(key), job, now.plus(Duration.ofHours(1)), workerPublic);
        assertFalse(containsRun(box, key), "the key must not appear in the box");
        try (SecretBytes opened = SealedJobKey.open(box, job, now, workerPublic, workerSecret)) {
            assertArrayEquals(key, opened.bytes());
        }
    }

    @Test
    void aBoxOpensForNoOtherJobNoOtherWorkerAndNotAfterItsExpiry() {
        byte[] box = SealedJobKey.seal(SecretBytes.copyOf(key), job, now.plus(Duration.ofMinutes(5)), workerPublic);
        assertThrows(AuthenticationFailedException.class, () -> SealedJobKey.open(box, UUID.randomUUID(), now, workerPublic, workerSecret));
        SecretBytes otherSecret = SecretBytes.copyOf(SecureRandoms.bytes(32));
        assertThrows(AuthenticationFailedException.class,
                () -> SealedJobKey.open(box, job, now, X25519.publicKey(otherSecret), otherSecret));
        assertThrows(SealedJobKey.ExpiredException.class,
                () -> SealedJobKey.open(box, job, now.plus(Duration.ofMinutes(5)), workerPublic, workerSecret));
        byte[] altered = box.clone();
        altered[altered.length - 1] ^= 1;
        assertThrows(AuthenticationFailedException.class, () -> SealedJobKey.open(altered, job, now, workerPublic, workerSecret));
        assertThrows(MalformedCiphertextException.class,
                () -> SealedJobKey.open(Arrays.copyOf(box, 60), job, now, workerPublic, workerSecret));
    }

    @Test
    void sealingLeavesTheCallersKeyIntact() {
        SecretBytes held = SecretBytes.copyOf(key);
        SealedJobKey.seal(held, job, now.plusSeconds(60), workerPublic);
        assertArrayEquals(key, held.bytes());
    }

    private static boolean containsRun(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
