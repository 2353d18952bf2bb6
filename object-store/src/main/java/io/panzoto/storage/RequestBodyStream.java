package io.panzoto.storage;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body as a blocking stream for a worker thread, with back-pressure by demand: the request
 * stays paused and chunks are fetched one by one while fewer than {@link #WINDOW_BYTES} wait for the
 * reader, so a fast client never fills the heap. Build it on the
 * request's event loop, then call {@link #start()} once the upload may proceed: a client that sent
 * {@code Expect: 100-continue} is told to send the body only then, so a refusal reaches it unsent.
 */
public final class RequestBodyStream extends InputStream {
    /**
     * Bytes read ahead of the reader. Counted in bytes, not chunks: behind the gateway a body arrives in
     * chunks of a few KiB, so the 16-chunk window this replaced held only tens of KiB in flight.
     */
    private static final long WINDOW_BYTES = 2 * 1024 * 1024;
    private static final Buffer END = Buffer.buffer();

    private final HttpServerRequest request;
    private final Context context;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    /** Bytes received and not yet taken by the reader. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Whether the request is paused for a full window (the reader resumes it). */
    private final AtomicBoolean stalled = new AtomicBoolean();
    private Buffer current;
    private int position;
    private boolean ended;

    public RequestBodyStream(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
        request.pause();
        request.handler(chunk -> {
            chunks.add(chunk);
            if (queuedBytes.addAndGet(chunk.length()) < WINDOW_BYTES) {
                request.fetch(1);
            } else {
                stalled.set(true);
                if (queuedBytes.get() < WINDOW_BYTES && stalled.compareAndSet(true, false)) {
                    request.fetch(1); // the reader drained it meanwhile
                }
            }
        });
        request.endHandler(done -> chunks.add(END));
        request.exceptionHandler(failure -> chunks.add(failure));
    }

    /** Asks for the first chunks; call it on the request's context once the upload may proceed. */
    public void start() {
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue(); // only now: a refused upload is answered before the client sends it
        }
        request.fetch(1);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current == null || position == current.length()) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the upload");
            }
            if (next instanceof Buffer chunk && queuedBytes.addAndGet(-chunk.length()) < WINDOW_BYTES
                    && stalled.compareAndSet(true, false)) {
                context.runOnContext(more -> request.fetch(1));
            }
            if (next instanceof Throwable failure) {
                throw new IOException("the upload connection failed", failure);
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            current = (Buffer) next;
            position = 0;
        }
        int count = Math.min(length, current.length() - position);
        current.getBytes(position, position + count, into, offset);
        position += count;
        return count;
    }
}
