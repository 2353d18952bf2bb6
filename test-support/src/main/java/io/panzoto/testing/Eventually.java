package io.panzoto.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Waits for what a test expects to happen asynchronously (a Kafka consumer's work), failing with what it waited for. */
public final class Eventually {
    private Eventually() {
    }

    public static void until(String what, Duration timeout, Callable<Boolean> condition) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        do {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what);
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("not within " + timeout + ": " + what, last);
    }
}
