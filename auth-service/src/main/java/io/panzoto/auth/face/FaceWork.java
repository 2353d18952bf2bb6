package io.panzoto.auth.face;

import io.panzoto.platform.concurrent.Workers;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * Where every face inference runs: on a worker thread, off the event loop, at most one per core at once
 * with a short queue (application.properties), then 503 {@code busy} with Retry-After. One photo's four
 * models take a core for tens of milliseconds (docs/benchmarks.md).
 */
@ApplicationScoped
public class FaceWork {
    @Bulkhead(value = 2, waitingTaskQueue = 8)
    @AsynchronousNonBlocking
    public <T> Uni<T> run(Supplier<T> work) {
        return Workers.onWorker(work);
    }
}
