package io.panzoto.audio.uploads;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A request body as a blocking stream for a worker thread, with back-pressure: the connection is
 * paused while a few chunks wait unread, so a fast client never fills the heap. Build it on the
 * request's event loop before the request resumes.
 */
final class RequestBodyStream extends InputStream {
    /** Chunks (Vert.x reads up to 64 KiB at a time) held before the client is paused. */
    private static final int HIGH_WATER = 16;
    private static final int LOW_WATER = 4;
    private static final Buffer END = Buffer.buffer();

    private final HttpServerRequest request;
    private final Context context;
    private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
    private volatile boolean paused;
    private Buffer current;
    private int position;
    private boolean ended;

    RequestBodyStream(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
        request.handler(chunk -> {
            chunks.add(chunk);
            if (chunks.size() >= HIGH_WATER && !paused) {
                paused = true;
                request.pause();
            }
        });
        request.endHandler(done -> chunks.add(END));
        request.exceptionHandler(failure -> chunks.add(failure));
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
            if (paused && chunks.size() <= LOW_WATER) {
                paused = false;
                context.runOnContext(resume -> request.resume());
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
