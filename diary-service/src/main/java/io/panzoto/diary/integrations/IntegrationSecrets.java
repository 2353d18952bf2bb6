package io.panzoto.diary.integrations;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.RecordSealer;
import io.panzoto.crypto.index.BlindIndex;
import io.panzoto.crypto.kdf.Hkdf;
import io.panzoto.diary.config.DiaryConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Seals what the integrations keep of a provider (access tokens, PKCE verifiers) with AES-256-GCM
 * (common-crypto RecordSealer, the AAD binding user and purpose) under a key HKDF derives from this
 * service's ticket key for this one use: a database dump holds no usable token.
 */
@ApplicationScoped
public class IntegrationSecrets {
    private final SecretBytes key;

    public IntegrationSecrets(DiaryConfig config) {
        byte[] ticketKey = Bytes.fromBase64(config.ticketPrivateKey().trim());
        try {
            this.key = Hkdf.derive(ticketKey, null, "panzoto-diary-integration-secrets-v1".getBytes(StandardCharsets.US_ASCII), 32);
        } finally {
            Bytes.wipe(ticketKey);
        }
    }

    /** The account's access token, opened for one call. */
    public String token(IntegrationAccount account) {
        return open(account.userId, "facebook-token", account.tokenSealed);
    }

    /**
     * The keyed hash that finds one post however it arrives (Graph or an export): HMAC-SHA256 under a key
     * of this service (common-crypto BlindIndex) of the user, the post's time to the second and its text.
     * Keyed, so a database dump cannot test guesses of a short post.
     */
    public String postMac(UUID userId, Instant postedAt, String content) {
        try (BlindIndex index = BlindIndex.of(key, "imported-posts")) {
            return index.token(userId + "\n" + postedAt.getEpochSecond() + "\n" + content);
        }
    }

    byte[] seal(UUID userId, String purpose, String secret) {
        return RecordSealer.seal(key, userId.toString(), purpose, 1, secret.getBytes(StandardCharsets.UTF_8));
    }

    String open(UUID userId, String purpose, byte[] sealed) {
        return new String(RecordSealer.open(key, userId.toString(), purpose, 1, sealed), StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        key.close();
    }
}
