package io.panzoto.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(3, Duration.ofSeconds(60), 4, now::get);

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

    @Test
    void pastItsKeyLimitNewKeysShareOneOverflowBucketAndMemoryStaysBounded() {
        for (int i = 0; i < 4; i++) {
            assertEquals(Duration.ZERO, buckets.tryAcquire("known-" + i));
        }
        // A flood of made-up keys: they no longer grow the map, and together they get one key's capacity.
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, buckets.tryAcquire("made-up-" + i));
        }
        assertTrue(buckets.tryAcquire("made-up-3").toSeconds() > 0);
        assertEquals(5, buckets.size(), "four keys and the overflow bucket");
        assertEquals(Duration.ZERO, buckets.tryAcquire("known-0"), "known keys keep their own buckets");
        // Once old buckets have refilled they are swept, and a new key gets a bucket of its own again.
        now.addAndGet(Duration.ofSeconds(120).toNanos());
        assertEquals(Duration.ZERO, buckets.tryAcquire("newcomer"));
        assertEquals(1, buckets.size());
    }

    @Test
    void waitForLooksWithoutTaking() {
        assertEquals(Duration.ZERO, buckets.waitFor("f"), "an unseen key has its tokens");
        for (int i = 0; i < 3; i++) {
            assertEquals(Duration.ZERO, buckets.waitFor("f"));
            buckets.tryAcquire("f");
        }
        assertEquals(Duration.ofSeconds(20), buckets.waitFor("f"));
        assertEquals(Duration.ofSeconds(20), buckets.waitFor("f"), "looking took nothing");
    }
}
