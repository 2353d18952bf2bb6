package io.panzoto.gateway.routing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One service's circuit: after {@code failureThreshold} consecutive transport failures (no connection,
 * no answer in time) it opens, and requests for that service are refused at once for {@code openFor}
 * instead of each waiting out a connect or answer timeout. Then a single trial request goes through:
 * an answer closes the circuit, a failure opens it again. Any answer, whatever its status, is a
 * success: the service is there and speaking HTTP.
 */
final class CircuitBreaker {
    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier clock;
    private int consecutiveFailures;
    private long openUntil;
    private boolean open;
    private boolean trialInFlight;

    CircuitBreaker(int failureThreshold, Duration openFor) {
        this(failureThreshold, openFor, System::nanoTime);
    }

    CircuitBreaker(int failureThreshold, Duration openFor, LongSupplier clock) {
        if (failureThreshold < 1 || openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("a circuit needs a threshold of at least 1 and a positive open period");
        }
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.clock = clock;
    }

    /** {@link Duration#ZERO} when a request may go to the service, otherwise how long until it may try again. */
    synchronized Duration tryPass() {
        if (!open) {
            return Duration.ZERO;
        }
        long now = clock.getAsLong();
        if (now - openUntil < 0) {
            return Duration.ofNanos(openUntil - now);
        }
        if (trialInFlight) {
            return Duration.ofSeconds(1); // one trial at a time; the rest come back shortly
        }
        trialInFlight = true;
        return Duration.ZERO;
    }

    synchronized void succeeded() {
        consecutiveFailures = 0;
        open = false;
        trialInFlight = false;
    }

    synchronized void failed() {
        consecutiveFailures++;
        if (trialInFlight || consecutiveFailures >= failureThreshold) {
            open = true;
            trialInFlight = false;
            openUntil = clock.getAsLong() + openForNanos;
        }
    }

    /** The request that passed ended without saying anything about the service (its client went away). */
    synchronized void released() {
        trialInFlight = false;
    }

    synchronized boolean isOpen() {
        return open;
    }
}
