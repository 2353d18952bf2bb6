package io.panzoto.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

    @Test
    void opensAfterTheThresholdOfConsecutiveFailuresAndRefusesUntilTheOpenPeriodEnds() {
        breaker.failed();
        breaker.failed();
        assertEquals(Duration.ZERO, breaker.tryPass(), "two failures are below the threshold");
        breaker.failed();
        assertTrue(breaker.isOpen());
        assertEquals(Duration.ofSeconds(10), breaker.tryPass());
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(Duration.ofSeconds(6), breaker.tryPass());
    }

    @Test
    void anAnswerInBetweenResetsTheCount() {
        breaker.failed();
        breaker.failed();
        breaker.succeeded();
        breaker.failed();
        breaker.failed();
        assertFalse(breaker.isOpen());
    }

    @Test
    void afterTheOpenPeriodOneTrialPassesAndItsOutcomeDecides() {
        for (int i = 0; i < 3; i++) {
            breaker.failed();
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(Duration.ZERO, breaker.tryPass(), "the trial");
        assertTrue(breaker.tryPass().compareTo(Duration.ZERO) > 0, "only one trial at a time");
        breaker.failed();
        assertEquals(Duration.ofSeconds(10), breaker.tryPass(), "a failed trial opens the circuit again at once");

        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(Duration.ZERO, breaker.tryPass());
        breaker.succeeded();
        assertFalse(breaker.isOpen());
        assertEquals(Duration.ZERO, breaker.tryPass());
        assertEquals(Duration.ZERO, breaker.tryPass());
    }
}
