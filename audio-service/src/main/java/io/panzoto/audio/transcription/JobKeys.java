package io.panzoto.audio.transcription;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.SealedJobKey;
import io.panzoto.crypto.sodium.X25519;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * The transcriber's X25519 key pair, from configuration: requests seal each job's key to the public
 * half, the transcriber opens it with the secret half. Neither the key nor the pair is ever logged.
 */
@ApplicationScoped
public class JobKeys {
    private final SecretBytes secretKey;
    private final byte[] publicKey;

    public JobKeys(AudioConfig config) {
        this.secretKey = new SecretBytes(decode(config.transcriber().privateKey()));
        this.publicKey = X25519.publicKey(secretKey);
    }

    private static byte[] decode(String base64) {
        byte[] key;
        try {
            key = Bytes.fromBase64(base64.trim());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != X25519.KEY_BYTES) {
            throw new IllegalStateException("panzoto.audio.transcriber.private-key must be 32 bytes, base64");
        }
        return key;
    }

    public byte[] seal(SecretBytes key, UUID jobId, Instant expiresAt) {
        return SealedJobKey.seal(key, jobId, expiresAt, publicKey);
    }

    /** @throws SealedJobKey.ExpiredException past the job's expiry; AuthenticationFailedException if not ours */
    public SecretBytes open(byte[] box, UUID jobId) {
        return SealedJobKey.open(box, jobId, Instant.now(), publicKey, secretKey);
    }

    @PreDestroy
    void wipe() {
        secretKey.close();
    }
}
