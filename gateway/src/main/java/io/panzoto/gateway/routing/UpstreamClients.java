package io.panzoto.gateway.routing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pooled HTTP client per event-loop thread. A Vert.x 4 client connection serves requests from any
 * event loop and hands each callback over to the caller's loop, so one shared pool costs two thread
 * hand-offs per proxied request; a pool per loop keeps a request, its upstream connection and the
 * answer on one thread.
 */
final class UpstreamClients {
    private final Vertx vertx;
    private final HttpClientOptions options;
    private final Map<Thread, HttpClient> byEventLoop = new ConcurrentHashMap<>();

    UpstreamClients(Vertx vertx, HttpClientOptions options) {
        this.vertx = vertx;
        this.options = options;
    }

    /** The client of the calling event loop (created on first use; there are as many as event loops). */
    HttpClient current() {
        return byEventLoop.computeIfAbsent(Thread.currentThread(), thread -> vertx.createHttpClient(options));
    }
}
