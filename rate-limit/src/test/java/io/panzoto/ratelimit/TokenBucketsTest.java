package io.panzoto.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(3, Duration.ofSeconds(60), now::get);

    @Test
    void aKeySpendsItsCapacityThenWaitsForTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, buckets.tryAcquire("a"));
        }
        Duration wait = buckets.tryAcquire("a");
        assertEquals(Duration.ofSeconds(20), wait, "one token every 20 s");
        assertEquals(Duration.ZERO, buckets.tryAcquire("b"), "keys are independent");
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        assertEquals(Duration.ZERO, buckets.tryAcquire("a"));
        assertTrue(buckets.tryAcquire("a").toSeconds() > 0);
    }

    @Test
    void fullBucketsAreForgotten() {
        buckets.tryAcquire("a");
        buckets.tryAcquire("b");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        buckets.forgetFull();
        assertEquals(2, buckets.size());
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        buckets.forgetFull();
        assertEquals(0, buckets.size());
    }
}
