package io.panzoto.auth.user;

import io.panzoto.platform.concurrent.Workers;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * Where every Argon2 hash and verification runs: on a worker thread, off the event loop, and at most
 * {@code value} at once with a short queue (configured in application.properties: one per core). Each
 * takes a core and ~19 MiB of native memory for tens of milliseconds, so unbounded they ran the pod
 * out of memory under a burst; beyond the queue the bulkhead refuses at once, which every service
 * answers 503 {@code busy} with Retry-After (service-support's ApiErrorMapper).
 */
@ApplicationScoped
public class PasswordWork {
    /** Runs CPU-heavy password work on a worker; fails with BulkheadException when the bulkhead and its queue are full. */
    @Bulkhead(value = 2, waitingTaskQueue = 16)
    @AsynchronousNonBlocking
    public <T> Uni<T> run(Supplier<T> work) {
        return Workers.onWorker(work);
    }
}
