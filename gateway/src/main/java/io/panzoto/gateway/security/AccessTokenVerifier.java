package io.panzoto.gateway.security;

import io.panzoto.gateway.GatewayConfig;
import io.panzoto.revocation.RevokedSessions;
import io.panzoto.revocation.SessionRevocations;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Verifies access tokens before any service sees the request: RS256 only, signed by a key auth-service
 * publishes, issuer, audience, expiry and not-before checked. The JWKS is cached and fetched again
 * (at most once per interval) when a token names a key the cache does not have, which is how a
 * rotated key reaches the gateway; it is also fetched every {@code jwks-refresh-interval}, so a key
 * auth-service withdrew stops being trusted here (and the tokens it signed leave the cache). A token
 * whose user ended its sessions after it was issued is refused, cached or not ({@link SessionRevocations}).
 */
@ApplicationScoped
public class AccessTokenVerifier {
    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);

    private final GatewayConfig config;
    private final WebClient client;
    private final AtomicReference<List<JsonWebKey>> keys = new AtomicReference<>(List.of());
    /** Tokens already verified, until they expire: an RSA check per request would cost a third of a core. */
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 50_000;

    private record Verified(String subject, String sessionId, long expiresAtSeconds, long issuedAtMillis) {
    }
    private volatile long lastFetchNanos;
    private volatile Future<Void> fetching;

    private final SessionRevocations revocations;

    public AccessTokenVerifier(GatewayConfig config, Vertx vertx, SessionRevocations revocations) {
        this.config = config;
        this.client = WebClient.create(vertx);
        this.revocations = revocations;
    }

    /**
     * The token of an Authorization header: {@code Bearer <token>}, or the bare token the Android app
     * sends (seed 000 strips an optional "Bearer "); empty for anything else.
     */
    public static Optional<String> tokenOf(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String value = authorizationHeader.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).trim();
        } else if (value.indexOf(' ') >= 0) {
            return Optional.empty(); // another scheme (Basic, ...)
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The subject (user id) of a valid, unrevoked access token; empty for a missing, invalid or revoked one. */
    public Future<Optional<String>> verify(String authorizationHeader) {
        Optional<String> presented = tokenOf(authorizationHeader);
        if (presented.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        String token = presented.get();
        Verified known = verified.get(token);
        if (known != null) {
            if (known.expiresAtSeconds() > System.currentTimeMillis() / 1000) {
                return Future.succeededFuture(unrevoked(known));
            }
            verified.remove(token);
        }
        String kid;
        try {
            kid = JsonWebStructure.fromCompactSerialization(token).getKeyIdHeaderValue();
        } catch (Exception e) {
            return Future.succeededFuture(Optional.empty());
        }
        if (kid != null && keys.get().stream().noneMatch(key -> kid.equals(key.getKeyId()))) {
            return refresh().transform(ignored -> Future.succeededFuture(check(token)));
        }
        return Future.succeededFuture(check(token));
    }

    private Optional<String> check(String token) {
        try {
            JwtClaims claims = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds(30)
                    .setExpectedIssuer(config.token().issuer())
                    .setExpectedAudience(config.token().audience())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.get()))
                    .build()
                    .processToClaims(token);
            if (verified.size() >= MAX_CACHED) {
                verified.clear(); // crude but bounded; the cache refills with live tokens
            }
            long issuedAt = RevokedSessions.issuedAtMillis(claims.getClaimValue(RevokedSessions.ISSUED_AT_MILLIS_CLAIM),
                    claims.getIssuedAt() == null ? 0 : claims.getIssuedAt().getValue());
            Object session = claims.getClaimValue(RevokedSessions.SESSION_CLAIM);
            Verified checked = new Verified(claims.getSubject(), session == null ? null : session.toString(),
                    claims.getExpirationTime().getValue(), issuedAt);
            verified.put(token, checked);
            return unrevoked(checked);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Optional<String> unrevoked(Verified token) {
        return revocations.isRevoked(token.subject(), token.sessionId(), token.issuedAtMillis()) ? Optional.empty() : Optional.of(token.subject());
    }

    /** Fetches the JWKS now and then even without an unknown key, so a key auth-service withdrew stops working here too. */
    @Scheduled(identity = "gateway-jwks-refresh", every = "${panzoto.gateway.token.jwks-refresh-interval:5m}")
    void refreshPeriodically() {
        refresh();
    }

    private static boolean sameKey(JsonWebKey a, JsonWebKey b) {
        return Objects.equals(a.getKeyId(), b.getKeyId()) && a.getKey().equals(b.getKey());
    }

    /** Fetches the JWKS unless that happened within the minimum interval; concurrent callers share one fetch. */
    synchronized Future<Void> refresh() {
        long now = System.nanoTime();
        if (fetching != null && !fetching.isComplete()) {
            return fetching;
        }
        if (lastFetchNanos != 0 && now - lastFetchNanos < config.token().jwksMinRefreshInterval().toNanos()) {
            return Future.succeededFuture();
        }
        lastFetchNanos = now;
        Promise<Void> done = Promise.promise();
        fetching = done.future();
        String url = config.services().get("auth-service").url() + "/.well-known/jwks.json";
        client.getAbs(url).timeout(config.healthTimeout().toMillis()).send().onComplete(result -> {
            try {
                if (result.succeeded() && result.result().statusCode() == 200) {
                    List<JsonWebKey> fetched = new JsonWebKeySet(result.result().bodyAsString()).getJsonWebKeys();
                    List<JsonWebKey> before = keys.getAndSet(fetched);
                    if (before.stream().anyMatch(known -> fetched.stream().noneMatch(current -> sameKey(known, current)))) {
                        verified.clear(); // a key was withdrawn: tokens it signed must not live on in the cache
                    }
                } else {
                    LOG.warnf("could not fetch the JWKS from auth-service: %s",
                            result.succeeded() ? "status " + result.result().statusCode() : result.cause().getClass().getSimpleName());
                }
            } catch (Exception e) {
                LOG.warnf("auth-service served an unreadable JWKS: %s", e.getClass().getSimpleName());
            }
            done.complete();
        });
        return fetching;
    }
}
