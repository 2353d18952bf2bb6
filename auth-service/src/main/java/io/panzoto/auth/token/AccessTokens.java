package io.panzoto.auth.token;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.auth.user.Tier;
import io.panzoto.revocation.RevokedSessions;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Access tokens: RS256 JWTs with {@code sub} (user id), {@code tier}, {@code jti}, {@code iat},
 * {@code exp}, issuer and audience. Verification accepts only RS256 and only published keys, so
 * {@code alg: none}, HMAC with the public key, unknown or expired keys all fail. Every token carries its
 * issue time in milliseconds too ({@code iat_ms}), against which ended sessions are checked, and its login
 * session ({@code sid}, the refresh-token family), which a logout ends. Requests
 * carry them to smallrye-jwt, which verifies them here through {@link SignedHereTokens}.
 */
@ApplicationScoped
public class AccessTokens {
    /** RFC 8176's Authentication Method Reference: how the session's user proved who they are. */
    public static final String AUTHENTICATION_METHODS_CLAIM = "amr";
    private final AuthConfig config;
    private final SigningKeys keys;

    public AccessTokens(AuthConfig config, SigningKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    public record Issued(String token, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Issued[redacted]";
        }
    }

    /** A short-lived token of the session (the /api/v1 flows, which refresh). */
    public Issued issue(UUID userId, UUID sessionId, Tier tier) {
        return issue(userId, sessionId, tier, config.accessTokenTtl());
    }

    /** A token of the session for a seed route's client, which cannot refresh: it lives as the seed's did. */
    public Issued issueForSeedClient(UUID userId, UUID sessionId, Tier tier) {
        return issue(userId, sessionId, tier, config.seedClientTokenTtl());
    }

    /**
     * A step-up token of the session after a face verification: short-lived, and its {@code amr}
     * (RFC 8176) says password and face, which routes that demand the face check (FaceStepUp).
     */
    public Issued issueFaceStepUp(UUID userId, UUID sessionId, Tier tier) {
        return issue(userId, sessionId, tier, config.face().stepUpTtl(), List.of("pwd", "face"));
    }

    private Issued issue(UUID userId, UUID sessionId, Tier tier, Duration ttl) {
        return issue(userId, sessionId, tier, ttl, List.of("pwd"));
    }

    private Issued issue(UUID userId, UUID sessionId, Tier tier, Duration ttl, List<String> methods) {
        SigningKeys.LoadedKey key = keys.current();
        Instant now = Instant.now();
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(userId.toString())
                .claim("tier", tier.value())
                .claim("jti", UUID.randomUUID().toString())
                .claim(RevokedSessions.ISSUED_AT_MILLIS_CLAIM, now.toEpochMilli())
                .claim(RevokedSessions.SESSION_CLAIM, sessionId.toString())
                // Seed 000's tokens named the user in "user_id"; an app that reads its token finds it there too.
                .claim("user_id", userId.toString())
                .claim(AUTHENTICATION_METHODS_CLAIM, methods)
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .jws().keyId(key.kid()).algorithm(SignatureAlgorithm.RS256)
                .sign(key.privateKey());
        return new Issued(token, ttl.toSeconds());
    }

    /**
     * The claims of a token this service signed and still publishes the key of, checked as every service
     * checks them (issuer, audience, expiry, RS256 only). Whether its session has ended is the security
     * layer's check (service-support's RevokedTokenCheck), as in every other service.
     */
    JwtClaims verify(String token) throws InvalidJwtException {
        return consumer().processToClaims(token);
    }

    private JwtConsumer consumer() {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new PublishedKeyResolver())
                .build();
    }

    private final class PublishedKeyResolver implements VerificationKeyResolver {
        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
            String kid = jws.getKeyIdHeaderValue();
            if (kid == null) {
                throw new UnresolvableKeyException("no kid");
            }
            return keys.published(kid).map(SigningKeys.LoadedKey::publicKey)
                    .orElseThrow(() -> new UnresolvableKeyException("unknown kid"));
        }
    }
}
