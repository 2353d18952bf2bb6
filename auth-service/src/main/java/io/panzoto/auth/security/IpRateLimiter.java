package io.panzoto.auth.security;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.ratelimit.TokenBuckets;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;

/**
 * Per-client-address limits on the unauthenticated routes (login, register, recovery), in this
 * replica's memory; the gateway limits in front of it too. An exhausted address answers 429 with the
 * wait in Retry-After.
 */
@ApplicationScoped
public class IpRateLimiter {
    public enum Action { LOGIN, REGISTER, RECOVER }

    private final Map<Action, TokenBuckets> limits;

    public IpRateLimiter(AuthConfig config) {
        this.limits = Map.of(
                Action.LOGIN, new TokenBuckets(config.rateLimit().loginPerMinute(), Duration.ofMinutes(1)),
                Action.REGISTER, new TokenBuckets(config.rateLimit().registerPerHour(), Duration.ofHours(1)),
                Action.RECOVER, new TokenBuckets(config.rateLimit().recoverPerHour(), Duration.ofHours(1)));
    }

    /** Takes one token for this address and action, or fails with 429. */
    public void acquire(Action action, String address) {
        Duration wait = limits.get(action).tryAcquire(address);
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests("rate_limited", "too many requests from this address; slow down", wait);
        }
    }

    @Scheduled(identity = "rate-limit-cleanup", every = "5m")
    void forgetIdle() {
        limits.values().forEach(TokenBuckets::forgetFull);
    }
}
