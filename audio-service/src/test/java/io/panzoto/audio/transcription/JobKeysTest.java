package io.panzoto.audio.transcription;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.X25519;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The transcriber key's id and rotation: a job sealed before a rotation still opens until its key is dropped. */
class JobKeysTest {
    private final String oldKey = Bytes.base64(SecureRandoms.bytes(32));
    private final String newKey = Bytes.base64(SecureRandoms.bytes(32));

    @Test
    void aJobSealedBeforeARotationOpensWhileTheOldKeyIsListedAndNotAfter() {
        JobKeys before = new JobKeys(oldKey, List.of());
        UUID job = UUID.randomUUID();
        byte[] fileKey = SecureRandoms.bytes(32);
        JobKeys.Sealed sealed;
        try (SecretBytes key = SecretBytes.copyOf(fileKey)) {
            sealed = before.seal(key, job, Instant.now().plusSeconds(600));
        }
        assertEquals(16, sealed.keyId().length());

        JobKeys rotated = new JobKeys(newKey, List.of(oldKey));
        try (SecretBytes opened = rotated.open(sealed.box(), job, sealed.keyId())) {
            assertArrayEquals(fileKey, opened.bytes());
        }
        try (SecretBytes key = SecretBytes.copyOf(fileKey)) {
            assertNotEquals(sealed.keyId(), rotated.seal(key, job, Instant.now().plusSeconds(600)).keyId(), "new jobs use the new key");
        }

        JobKeys drained = new JobKeys(newKey, List.of());
        assertThrows(AuthenticationFailedException.class, () -> drained.open(sealed.box(), job, sealed.keyId()));
        // A request from before key ids names none: it is the current key's.
        try (SecretBytes opened = before.open(sealed.box(), job, null)) {
            assertArrayEquals(fileKey, opened.bytes());
        }
    }

    @Test
    void anApiOnlyInstanceWithThePublicKeySealsWhatTheTranscriberOpensAndOpensNothingItself() {
        String publicKey = Bytes.base64(X25519.publicKey(SecretBytes.copyOf(Bytes.fromBase64(newKey))));
        JobKeys api = new JobKeys(Optional.empty(), Optional.of(publicKey), List.of());
        JobKeys transcriber = new JobKeys(newKey, List.of());
        assertEquals(transcriber.currentKeyId(), api.currentKeyId(), "the same key, named the same");
        UUID job = UUID.randomUUID();
        byte[] fileKey = SecureRandoms.bytes(32);
        JobKeys.Sealed sealed;
        try (SecretBytes key = SecretBytes.copyOf(fileKey)) {
            sealed = api.seal(key, job, Instant.now().plusSeconds(600));
        }
        try (SecretBytes opened = transcriber.open(sealed.box(), job, sealed.keyId())) {
            assertArrayEquals(fileKey, opened.bytes());
        }
        assertThrows(AuthenticationFailedException.class, () -> api.open(sealed.box(), job, sealed.keyId()), "no secret: nothing opens");
        IllegalStateException neither = assertThrows(IllegalStateException.class,
                () -> new JobKeys(Optional.empty(), Optional.empty(), List.of()));
        assertTrue(neither.getMessage().contains("public-key"), neither.getMessage());
    }
}
