package io.panzoto.messaging.simplex;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.token.Tokens;
import io.panzoto.messaging.config.MessagingConfig;
import io.panzoto.platform.errors.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Proves that a caller owns a link, as PyCrypt does: either an Ed25519 signature over the UTF-8 bytes of
 * a fresh challenge (single use, short-lived, capped per link), or the link's fetch token as a bearer
 * token, compared in constant time against its stored hash. Run inside a transaction.
 */
@ApplicationScoped
public class RecipientAuth {
    private final Tokens tokens;
    private final MessagingConfig.Simplex config;

    public RecipientAuth(Tokens tokens, MessagingConfig config) {
        this.tokens = tokens;
        this.config = config.simplex();
    }

    /** What a caller presented: a bearer header, or a challenge and its signature. */
    public record Proof(String authorization, String challenge, String challengeSignature) {
        boolean hasChallenge() {
            return challenge != null && !challenge.isBlank() && challengeSignature != null && !challengeSignature.isBlank();
        }
    }

    /**
     * Issues a challenge nonce for the link. At most the configured number stay outstanding: past it
     * the oldest is dropped, never the request refused, so whoever asks for challenges (anyone who
     * knows the link token, a sender too) cannot lock the owner out of fetching.
     */
    public Uni<String> issueChallenge(SimplexLink link) {
        Instant now = Instant.now();
        return Challenge.openOf(link.id, now)
                .chain(outstanding -> {
                    int excess = outstanding.size() - config.maxOutstandingChallenges() + 1;
                    List<Long> oldest = outstanding.stream().limit(Math.max(0, excess)).map(challenge -> challenge.id).toList();
                    return oldest.isEmpty() ? Uni.createFrom().voidItem()
                            : Challenge.deleteIds(oldest).replaceWithVoid();
                })
                .chain(() -> {
                    // Standard base64, as every base64 field of PyCrypt's API: its clients decode it with a standard decoder.
                    String nonce = Bytes.base64(SecureRandoms.bytes(Tokens.TOKEN_BYTES));
                    Challenge challenge = new Challenge();
                    challenge.linkId = link.id;
                    challenge.nonceHash = tokens.storageHash(nonce);
                    challenge.expiresAt = now.plus(config.challengeTtl());
                    return challenge.persist().replaceWith(nonce);
                });
    }

    /** Succeeds if the proof opens the link; a challenge is consumed by its first successful use. */
    public Uni<Void> verify(SimplexLink link, Proof proof) {
        if (proof.hasChallenge()) {
            if (!signatureValid(link, proof)) {
                return Uni.createFrom().failure(ApiException.unauthorized("invalid_signature", "Invalid signature"));
            }
            return Challenge.spend(link.id, tokens.storageHash(proof.challenge()), Instant.now()).map(spent -> {
                        if (!spent) {
                            throw ApiException.unauthorized("invalid_challenge", "Invalid or expired challenge");
                        }
                        return null;
                    });
        }
        try {
            requireFetchToken(link.fetchTokenHash, proof);
            return Uni.createFrom().voidItem();
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** Passes if the proof's bearer token is the link's fetch token (stored as this hash); 401 otherwise. */
    public void requireFetchToken(String fetchTokenHash, Proof proof) {
        String authorization = proof.authorization();
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw ApiException.unauthorized("authentication_required",
                    "Authentication required (challenge_signature or Authorization header)");
        }
        if (!tokens.matches(authorization.substring("Bearer ".length()).trim(), fetchTokenHash)) {
            throw ApiException.unauthorized("invalid_fetch_token", "Invalid fetch_token");
        }
    }

    private static boolean signatureValid(SimplexLink link, Proof proof) {
        byte[] signature;
        try {
            signature = Bytes.fromBase64(proof.challengeSignature().trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return signature.length == Ed25519.SIGNATURE_BYTES
                && Ed25519.verify(signature, proof.challenge().getBytes(StandardCharsets.UTF_8), link.publicKey);
    }
}
