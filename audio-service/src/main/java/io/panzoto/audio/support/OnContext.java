package io.panzoto.audio.support;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Reactive data access (Hibernate Reactive) from a worker thread, which must block for its result. */
public final class OnContext {
    private OnContext() {
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
}
