package io.panzoto.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keyed token buckets in memory: each key (an address, a user, a link) may spend {@code capacity}
 * requests, refilled evenly over {@code window}. Used by the gateway and by auth-service's
 * per-address limits. Thread-safe; {@link #forgetFull()} drops keys that have refilled completely.
 * Memory is bounded: past {@code maxKeys} live buckets, new keys share one overflow bucket, so a flood
 * of made-up keys is limited as one client instead of growing the map.
 */
public final class TokenBuckets {
    private final int capacity;
    private final double refillPerNano;
    /** Keys kept before new ones share the overflow bucket (about 200 bytes each). */
    public static final int DEFAULT_MAX_KEYS = 100_000;
    private static final String OVERFLOW = "\u0000overflow";

    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final LongSupplier clock;
    private final int maxKeys;
    private volatile long lastSweep = Long.MIN_VALUE / 2;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBuckets(int capacity, Duration window) {
        this(capacity, window, DEFAULT_MAX_KEYS, System::nanoTime);
    }

    TokenBuckets(int capacity, Duration window, int maxKeys, LongSupplier clock) {
        if (capacity < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("a bucket needs a capacity of at least 1 and a positive window");
        }
        this.capacity = capacity;
        this.refillPerNano = capacity / (double) window.toNanos();
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /** Takes one token for the key: {@link Duration#ZERO} when allowed, otherwise how long until one is free. */
    public Duration tryAcquire(String key) {
        long now = clock.getAsLong();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys && now - lastSweep > SWEEP_INTERVAL_NANOS) {
                lastSweep = now; // a sweep reads every bucket: at most one a second, however many keys arrive
                forgetFull();
            }
            String kept = buckets.size() >= maxKeys ? OVERFLOW : key;
            bucket = buckets.computeIfAbsent(kept, k -> new Bucket(capacity, now));
        }
        return Duration.ofNanos(bucket.take(now));
    }

    /**
     * How long until the key has a token, without taking one ({@link Duration#ZERO} now): for limits
     * that count only failures, checked before the attempt and spent after it fails.
     */
    public Duration waitFor(String key) {
        Bucket bucket = buckets.get(key);
        return bucket == null ? Duration.ZERO : Duration.ofNanos(bucket.waitFor(clock.getAsLong()));
    }

    /** Drops the keys whose buckets are full again, so idle keys cost no memory. */
    public void forgetFull() {
        long now = clock.getAsLong();
        buckets.values().removeIf(bucket -> bucket.isFull(now));
    }

    int size() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / refillPerNano);
        }

        synchronized long waitFor(long now) {
            refill(now);
            return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / refillPerNano);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * refillPerNano);
            updatedAt = now;
        }
    }
}
