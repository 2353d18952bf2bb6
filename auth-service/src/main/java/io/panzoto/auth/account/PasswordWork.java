package io.panzoto.auth.account;

import io.panzoto.platform.errors.ApiException;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * Where every Argon2 hash and verification runs: on a worker thread, off the event loop, and at most
 * {@code value} at once with a short queue (configured in application.properties: one per core). Each
 * takes a core and ~19 MiB of native memory for tens of milliseconds, so unbounded they ran the pod
 * out of memory under a burst; beyond the queue a request is answered 503 with Retry-After at once.
 */
@ApplicationScoped
public class PasswordWork {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Vertx vertx;

    public PasswordWork(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs CPU-heavy password work; fails with 503 {@code busy} when the bulkhead and its queue are full. */
    @Bulkhead(value = 2, waitingTaskQueue = 16)
    @AsynchronousNonBlocking
    public <T> Uni<T> run(Supplier<T> work) {
        return vertx.executeBlocking(Uni.createFrom().item(work));
    }

    /** The answer to a request the bulkhead refused: nothing was started, try again in a moment. */
    static ApiException busy() {
        return ApiException.serviceUnavailable("busy", "the service is busy; try again shortly", RETRY_AFTER);
    }
}
