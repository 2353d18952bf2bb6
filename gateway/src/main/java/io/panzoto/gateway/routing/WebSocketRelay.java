package io.panzoto.gateway.routing;

import io.panzoto.gateway.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Forwards a WebSocket upgrade: connects to the service first (so a dead one is a 503, not a socket
 * that closes at once), then relays frames both ways with back-pressure. A singleton, made at startup:
 * a client made inside a request would belong to the HTTP server's verticle, and closing it with a
 * peer that stopped reading would hold up the server's shutdown.
 */
@Singleton
public class WebSocketRelay {
    private static final Logger LOG = Logger.getLogger(WebSocketRelay.class);
    private static final String[] PASSED_HEADERS = {"Authorization", "Sec-WebSocket-Protocol", "Origin"};

    private final GatewayConfig config;
    private final Upstreams upstreams;
    private final Refusals refusals;
    /** Its own client: an upgrade never shares a pooled HTTP connection. */
    private final WebSocketClient client;

    public WebSocketRelay(GatewayConfig config, Upstreams upstreams, Refusals refusals, Vertx vertx) {
        this.config = config;
        this.upstreams = upstreams;
        this.refusals = refusals;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxConnections(config.maxWebSocketsPerService()));
    }

    void forward(HttpServerRequest request, HttpServerResponse response, String service, String uri, String requestId) {
        Optional<Upstreams.Upstream> admitted = upstreams.admit(service, request, response);
        if (admitted.isEmpty()) {
            return;
        }
        CircuitBreaker circuit = admitted.get().circuit();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(admitted.get().host())
                .setPort(admitted.get().port())
                .setURI(uri)
                .setConnectTimeout(config.connectTimeout().toMillis());
        for (String header : PASSED_HEADERS) {
            if (request.getHeader(header) != null) {
                options.addHeader(header, request.getHeader(header));
            }
        }
        options.addHeader("X-Request-Id", requestId);
        client.connect(options).onFailure(failure -> {
            if (failure instanceof UpgradeRejectedException refused) {
                circuit.succeeded(); // the service answered; its refusal goes back to the client
                refusals.reject(request, response, refused.getStatus(), "upgrade_refused", "the service refused the WebSocket upgrade");
                return;
            }
            circuit.failed();
            LOG.warnf("websocket to %s failed: %s", service, failure.getClass().getSimpleName());
            refusals.reject(request, response, 503, "service_unavailable", Refusals.UNAVAILABLE);
        }).onSuccess(upstream -> {
            circuit.succeeded();
            request.toWebSocket().onFailure(failure -> upstream.close()).onSuccess(downstream -> {
                relayFrames(downstream, upstream);
                relayFrames(upstream, downstream);
            });
        });
    }

    /** Frames keep their type (text, binary, continuation); a slow reader pauses the writer, so nothing piles up here. */
    private static void relayFrames(WebSocketBase from, WebSocketBase to) {
        from.frameHandler(frame -> {
            if (to.isClosed()) {
                return; // the other side is gone: its close handler ends this one
            }
            to.writeFrame(frame);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(drained -> from.resume());
            }
        });
        from.closeHandler(closed -> {
            if (!to.isClosed()) {
                to.close(from.closeStatusCode() == null ? (short) 1000 : from.closeStatusCode(), from.closeReason());
            }
        });
    }
}
