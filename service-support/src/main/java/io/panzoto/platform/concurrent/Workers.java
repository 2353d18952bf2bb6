package io.panzoto.platform.concurrent;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * The one way every service crosses between the event loop and worker threads: blocking work (S3
 * calls, PBKDF2, Argon2, file I/O) from reactive code, and reactive data access (Hibernate Reactive)
 * from a worker thread.
 */
public final class Workers {
    private Workers() {
    }

    /** Subscribes on a Vert.x context, as Hibernate Reactive needs, and waits for the item. */
    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs blocking work on a worker and resumes on the caller's Vert.x context, where Hibernate Reactive
     * sessions must stay; off any context (a Kafka thread) it simply uses the worker pool.
     */
    public static <T> Uni<T> onWorker(Supplier<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.<T>executeBlocking(work::get, false).toCompletionStage());
    }
}
