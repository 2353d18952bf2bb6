package io.panzoto.gateway.routing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body as it streams, counted against its route's byte budget whatever the method and the
 * framing: past the budget no byte more is passed on, the stream never ends as whole, and
 * {@code onOverflow} runs once (it answers 413 and cuts the upload at the service).
 */
final class BoundedBody implements ReadStream<Buffer> {
    private final ReadStream<Buffer> body;
    private final long budget;
    private final Runnable onOverflow;
    private long seen;
    private boolean exceeded;

    BoundedBody(ReadStream<Buffer> body, long budget, Runnable onOverflow) {
        this.body = body;
        this.budget = budget;
        this.onOverflow = onOverflow;
    }

    /** True once the body passed its budget. */
    boolean exceeded() {
        return exceeded;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        body.handler(handler == null ? null : chunk -> {
            if (exceeded) {
                return; // the connection is closing; what still arrives is dropped
            }
            seen += chunk.length();
            if (seen > budget) {
                exceeded = true;
                onOverflow.run();
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        body.endHandler(endHandler == null ? null : end -> {
            if (!exceeded) {
                endHandler.handle(end);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        body.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        body.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        body.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        body.fetch(amount);
        return this;
    }
}
