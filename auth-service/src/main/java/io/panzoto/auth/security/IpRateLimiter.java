package io.panzoto.auth.security;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.ratelimit.ClientAddress;
import io.panzoto.ratelimit.TokenBuckets;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/**
 * Per-client-address limits on the unauthenticated routes (login, register, recovery), in this
 * replica's memory; the gateway limits in front of it too. The client is the rightmost
 * X-Forwarded-For hop that is not a trusted proxy (the gateway), an IPv6 client keyed by its /64,
 * as at the gateway ({@link ClientAddress}). An exhausted address answers 429 with the wait in Retry-After.
 */
@ApplicationScoped
public class IpRateLimiter {
    public enum Action { LOGIN, REGISTER, RECOVER, FACE }

    private final Map<Action, TokenBuckets> limits;
    private final ClientAddress clients;

    public IpRateLimiter(AuthConfig config) {
        this.clients = new ClientAddress(config.rateLimit().trustedProxies());
        this.limits = Map.of(
                Action.LOGIN, new TokenBuckets(config.rateLimit().loginPerMinute(), Duration.ofMinutes(1)),
                Action.REGISTER, new TokenBuckets(config.rateLimit().registerPerHour(), Duration.ofHours(1)),
                Action.RECOVER, new TokenBuckets(config.rateLimit().recoverPerHour(), Duration.ofHours(1)),
                Action.FACE, new TokenBuckets(config.face().perAddressPerMinute(), Duration.ofMinutes(1)));
    }

    /** Takes one token for the request's client and this action, or fails with 429. */
    public void acquire(Action action, HttpServerRequest request) {
        Duration wait = limits.get(action).tryAcquire(clientKey(request));
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests("rate_limited", "too many requests from this address; slow down", wait);
        }
    }

    /** The request's client as limits key it: behind the trusted proxies, an IPv6 client by its /64. */
    public String clientKey(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return ClientAddress.limitKey(clients.resolve(peer, request.headers().getAll("X-Forwarded-For")));
    }

    @Scheduled(identity = "rate-limit-cleanup", every = "5m")
    void forgetIdle() {
        limits.values().forEach(TokenBuckets::forgetFull);
    }
}
