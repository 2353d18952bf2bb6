package io.panzoto.auth.token;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.platform.errors.ApiException;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
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
 * {@code alg: none}, HMAC with the public key, unknown or expired keys all fail.
 */
@ApplicationScoped
public class AccessTokens {
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

    /** The verified claims a request acts on. */
    public record Caller(UUID userId, String tier) {
    }

    public Issued issue(UUID userId, String tier) {
        SigningKeys.LoadedKey key = keys.current();
        Instant now = Instant.now();
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(userId.toString())
                .claim("tier", tier)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenTtl()))
                .jws().keyId(key.kid()).algorithm(SignatureAlgorithm.RS256)
                .sign(key.privateKey());
        return new Issued(token, config.accessTokenTtl().toSeconds());
    }

    /** The caller of a request from its Authorization header; 401 for anything but a valid token. */
    public Caller require(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("token_missing", "a bearer access token is required");
        }
        try {
            JwtClaims claims = consumer().processToClaims(authorizationHeader.substring(7).trim());
            return new Caller(UUID.fromString(claims.getSubject()), claims.getStringClaimValue("tier"));
        } catch (InvalidJwtException | org.jose4j.jwt.MalformedClaimException | IllegalArgumentException e) {
            throw ApiException.unauthorized("token_invalid", "invalid or expired access token");
        }
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
