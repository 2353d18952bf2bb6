package io.panzoto.gateway.routing;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The reverse proxy: every client request is routed (RouteTable), admitted (Admission: body budget,
 * limits, token) and then forwarded to the owning service (Forwarder), or relayed frame by frame when
 * it is a WebSocket upgrade (WebSocketRelay).
 */
@ApplicationScoped
public class ProxyHandler {
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final Admission admission;
    private final Forwarder forwarder;
    private final Refusals refusals;
    private final WebSocketRelay webSockets;

    public ProxyHandler(Admission admission, Forwarder forwarder, Refusals refusals, WebSocketRelay webSockets) {
        this.admission = admission;
        this.forwarder = forwarder;
        this.refusals = refusals;
        this.webSockets = webSockets;
    }

    void register(@Observes Router router) {
        router.route().order(-10).handler(this::handle);
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        // Route on the normalised path and forward that, so "/l/../api/sessions" cannot borrow a public route.
        String path = context.normalizedPath();
        if (path.equals("/api/health") || path.equals("/health") || path.equals("/api/v1/health")) {
            context.next(); // the gateway's own endpoints (/q/* is on the management port)
            return;
        }
        String requestId = requestId(request);
        HttpServerResponse response = context.response().putHeader("X-Request-Id", requestId);
        Optional<Route> found = RouteTable.find(path);
        if (found.isEmpty()) {
            refusals.reject(request, response, 404, "not_found", "no such route");
            return;
        }
        Route route = found.get();
        if (VertxContext.isOnDuplicatedContext()) {
            // The metrics' uri tag: the route, not the path, or every id in a path would be a new time series.
            ContextLocals.put("UrlPathTemplate", route.pattern());
        }
        admission.admit(request, response, route).onSuccess(admitted -> admitted.ifPresent(passed -> {
            String uri = upstreamUri(path, request);
            if (request.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
                if (!route.webSocket()) { // refused here: a service refusing it would prove nothing about the service
                    refusals.reject(request, response, 400, "websocket_not_supported", "this route takes no WebSocket upgrade");
                    return;
                }
                webSockets.forward(request, response, route.service(), uri, requestId);
            } else if (route.limitGroup() == Route.LimitGroup.SIMPLEX_SEND) {
                forwarder.forwardSimplexSend(request, response, route, uri, requestId, passed.client());
            } else {
                forwarder.forward(request, response, route, uri, requestId, passed.client(), null);
            }
        }));
    }

    private static String upstreamUri(String normalizedPath, HttpServerRequest request) {
        return request.query() == null ? normalizedPath : normalizedPath + "?" + request.query();
    }

    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader("X-Request-Id");
        if (given != null && REQUEST_ID.matcher(given).matches()) {
            return given;
        }
        // A correlation id, not a secret: a version-4 UUID from ThreadLocalRandom, without SecureRandom's lock.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
