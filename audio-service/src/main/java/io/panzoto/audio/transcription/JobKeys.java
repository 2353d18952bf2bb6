package io.panzoto.audio.transcription;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.SealedJobKey;
import io.panzoto.crypto.sodium.X25519;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
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
    private final Clock clock;

    @Inject
    public JobKeys(AudioConfig config) {
        this(config, Clock.systemUTC());
    }

    JobKeys(AudioConfig config, Clock clock) {
        this.clock = clock;
        this.secretKey = config.transcriber().privateKey().map(Bytes::fromBase64).map(SecretBytes::new).orElse(null);
        if (secretKey != null && secretKey.length() != X25519.KEY_BYTES) {
            throw new IllegalStateException("panzoto.audio.transcriber.private-key must be 32 bytes, base64");
        }
        this.publicKey = config.transcriber().publicKey().map(Bytes::fromBase64)
                .orElseGet(() -> secretKey == null ? null : X25519.publicKey(secretKey));
        if (publicKey == null || publicKey.length != X25519.KEY_BYTES) {
            throw new IllegalStateException("set panzoto.audio.transcriber.private-key (or public-key on a request-only replica)");
        }
    }

    public byte[] seal(SecretBytes key, UUID jobId, Instant expiresAt) {
        return SealedJobKey.seal(key, jobId, expiresAt, publicKey);
    }

    /** @throws SealedJobKey.ExpiredException past the job's expiry; AuthenticationFailedException if not ours */
    public SecretBytes open(byte[] box, UUID jobId) {
        if (secretKey == null) {
            throw new IllegalStateException("this replica has no transcriber key");
        }
        return SealedJobKey.open(box, jobId, Instant.now(clock), publicKey, secretKey);
    }

    @PreDestroy
    void wipe() {
        if (secretKey != null) {
            secretKey.close();
        }
    }
}
