package io.panzoto.auth.security;

import io.panzoto.platform.errors.ApiException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.panzoto.auth.config.AuthConfig;

/**
 * Per-client-address token buckets for the unauthenticated routes (login, register, recovery), in
 * this replica's memory; the gateway limits in front of it too. A full bucket refills evenly over
 * its window; an empty one answers 429 with the wait in Retry-After.
 */
@ApplicationScoped
public class IpRateLimiter {
    public enum Action { LOGIN, REGISTER, RECOVER }

    private final Map<Action, Limit> limits;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    record Limit(int capacity, Duration window) {
        double refillPerNano() {
            return capacity / (double) window.toNanos();
        }
    }

    public IpRateLimiter(AuthConfig config) {
        this.limits = Map.of(
                Action.LOGIN, new Limit(config.rateLimit().loginPerMinute(), Duration.ofMinutes(1)),
                Action.REGISTER, new Limit(config.rateLimit().registerPerHour(), Duration.ofHours(1)),
                Action.RECOVER, new Limit(config.rateLimit().recoverPerHour(), Duration.ofHours(1)));
    }

    /** Takes one token for this address and action, or fails with 429. */
    public void acquire(Action action, String address) {
        Limit limit = limits.get(action);
        Bucket bucket = buckets.computeIfAbsent(action + "|" + address, key -> new Bucket(limit.capacity()));
        long waitNanos = bucket.take(limit, System.nanoTime());
        if (waitNanos > 0) {
            throw ApiException.tooManyRequests("rate_limited", "too many requests from this address; slow down",
                    Duration.ofNanos(waitNanos));
        }
    }

    /** Forgets buckets that have refilled completely, so idle addresses cost no memory. */
    @Scheduled(identity = "rate-limit-cleanup", every = "5m")
    void forgetIdle() {
        long now = System.nanoTime();
        buckets.entrySet().removeIf(entry -> {
            Action action = Action.valueOf(entry.getKey().substring(0, entry.getKey().indexOf('|')));
            return entry.getValue().isFull(limits.get(action), now);
        });
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt = System.nanoTime();

        Bucket(int capacity) {
            this.tokens = capacity;
        }

        /** 0 when a token was taken, otherwise the nanoseconds until one is available. */
        synchronized long take(Limit limit, long now) {
            refill(limit, now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / limit.refillPerNano());
        }

        synchronized boolean isFull(Limit limit, long now) {
            refill(limit, now);
            return tokens >= limit.capacity();
        }

        private void refill(Limit limit, long now) {
            tokens = Math.min(limit.capacity(), tokens + (now - updatedAt) * limit.refillPerNano());
            updatedAt = now;
        }
    }
}
