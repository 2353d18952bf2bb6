package io.panzoto.gateway.routing;

import io.panzoto.gateway.GatewayConfig;
import io.panzoto.crypto.token.Tokens;
import io.panzoto.gateway.security.AccessTokenVerifier;
import io.panzoto.ratelimit.ClientAddress;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The reverse proxy: for every client route it checks limits and the access token, then streams the
 * request to the owning service and the answer back (Vert.x pipes, with back-pressure, so uploads
 * and downloads of any size pass in constant memory). WebSocket upgrades are forwarded frame by frame.
 * A service that cannot be reached answers 503 at once; nothing waits on a dead service.
 */
@ApplicationScoped
public class ProxyHandler {
    /** Compared without regard to case, and without lower-casing (an allocation) per header. */
    private static final Set<String> HOP_BY_HOP = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        HOP_BY_HOP.addAll(List.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                "transfer-encoding", "upgrade", "host", "content-length"));
    }

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final GatewayConfig config;
    private final AccessTokenVerifier tokens;
    private final ClientLimits limits;
    private final Upstreams upstreams;
    private final Refusals refusals;
    private final WebSocketRelay webSockets;
    private final UpstreamClients clients;
    private final ClientAddress clientAddress;

    public ProxyHandler(GatewayConfig config, AccessTokenVerifier tokens, ClientLimits limits, Upstreams upstreams,
                        Refusals refusals, WebSocketRelay webSockets, Vertx vertx) {
        this.config = config;
        this.tokens = tokens;
        this.limits = limits;
        this.upstreams = upstreams;
        this.refusals = refusals;
        this.webSockets = webSockets;
        this.clientAddress = new ClientAddress(config.trustedProxies());
        this.clients = new UpstreamClients(vertx, new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(32) // per event loop
                .setKeepAlive(true));
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
        if (!bodyAllowed(request, route, response)) {
            return;
        }
        String client = clientOf(request);
        if (limited(limits.forAddress(route.limitGroup(), ClientAddress.limitKey(client)), request, response)) {
            return;
        }
        request.pause(); // hold the body until the service is connected
        Future<Optional<String>> caller = route.access() == Route.Access.TOKEN
                ? tokens.verify(request.getHeader(HttpHeaders.AUTHORIZATION))
                : Future.succeededFuture(Optional.empty());
        caller.onComplete(result -> {
            Optional<String> user = result.succeeded() ? result.result() : Optional.empty();
            if (route.access() == Route.Access.TOKEN && user.isEmpty()) {
                refusals.reject(request, response, 401, "token_invalid", "a valid access token is required");
                return;
            }
            if (user.isPresent() && limited(limits.forUser(user.get()), request, response)) {
                return;
            }
            String service = route.service();
            if (request.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
                if (!route.webSocket()) { // refused here: a service refusing it would prove nothing about the service
                    refusals.reject(request, response, 400, "websocket_not_supported", "this route takes no WebSocket upgrade");
                    return;
                }
                webSockets.forward(request, response, service, upstreamUri(path, request), requestId);
            } else if (route.limitGroup() == Route.LimitGroup.SIMPLEX_SEND) {
                forwardSimplexSend(request, response, route, upstreamUri(path, request), requestId, client);
            } else {
                forward(request, response, route, upstreamUri(path, request), requestId, client, null);
            }
        });
    }

    /**
     * A simplex send is small JSON naming its link: read it (bounded by the route's body limit), limit
     * per link as well as per address, reject malformed JSON here, then forward the same bytes.
     */
    private void forwardSimplexSend(HttpServerRequest request, HttpServerResponse response, Route route, String uri, String requestId,
                                    String client) {
        Future<io.vertx.core.buffer.Buffer> reading = request.body();
        request.resume(); // it was paused while the caller was checked
        reading.onFailure(failure -> Refusals.error(response, 400, "bad_request", "could not read the request body"))
                .onSuccess(body -> {
                    String presented;
                    try {
                        presented = new JsonObject(body).getString("link_token");
                    } catch (RuntimeException e) { // DecodeException, or a non-string link_token
                        Refusals.error(response, 400, "malformed_json", "the body must be a JSON object");
                        return;
                    }
                    if (presented != null) {
                        // Limited per link by the token's one canonical form: " token" is no fresh bucket,
                        // and what cannot be a token is answered as the service would, without a bucket.
                        Optional<String> link = Tokens.canonical(presented);
                        if (link.isEmpty()) {
                            Refusals.error(response, 404, "invalid_link_token", "Invalid link_token");
                            return;
                        }
                        if (limited(limits.forLink(link.get()), request, response)) {
                            return;
                        }
                    }
                    forward(request, response, route, uri, requestId, client, body);
                });
    }

    /**
     * Streams the request to the service and its answer back; {@code readBody} is the body when the gateway
     * already read it. The service gets {@code request-timeout} to start answering once the request is
     * fully sent (however long the upload took) and the same between chunks of its answer.
     */
    private void forward(HttpServerRequest request, HttpServerResponse response, Route route, String uri, String requestId,
                         String client, io.vertx.core.buffer.Buffer readBody) {
        Optional<Upstreams.Upstream> admitted = upstreams.admit(route.service(), request, response);
        if (admitted.isEmpty()) {
            return;
        }
        CircuitBreaker circuit = admitted.get().circuit();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(admitted.get().host())
                .setPort(admitted.get().port())
                .setURI(uri);
        clients.current().request(options).onFailure(failure -> {
            circuit.failed();
            refusals.reject(request, response, 503, "service_unavailable", Refusals.UNAVAILABLE);
        }).onSuccess(upstream -> {
            // A client that goes away cancels the service's answer instead of leaving it piping into a closed socket.
            response.closeHandler(closed -> upstream.reset());
            copyHeaders(request.headers(), upstream.headers());
            forwardedHeaders(request, upstream.headers(), requestId, client);
            Future<HttpClientResponse> answered = upstream.response();
            long budget = budget(route);
            BoundedBody body = new BoundedBody(request, budget, () -> {
                upstream.reset(); // the service never takes an over-budget body as whole
                refusals.reject(request, response, 413, "body_too_large", "request body larger than " + budget + " bytes");
            });
            Future<Void> sent = sendBody(request, body, upstream, readBody);
            sent.onSuccess(done -> upstream.idleTimeout(config.requestTimeout().toMillis()))
                    .onFailure(failure -> upstream.reset()); // never end a body the client did not finish
            answered.onFailure(failure -> {
                if (response.closed() || body.exceeded()) {
                    circuit.released(); // the client left; says nothing about the service
                } else if (failure instanceof TimeoutException) {
                    circuit.failed();
                    Refusals.error(response, 504, "gateway_timeout", "the service did not answer in time");
                } else if (!response.headWritten()) {
                    circuit.failed();
                    Refusals.error(response, 502, "bad_gateway", "the service failed to answer");
                } else {
                    response.reset();
                }
            }).onSuccess(answer -> {
                circuit.succeeded();
                if (response.closed()) {
                    upstream.reset();
                    return;
                }
                response.setStatusCode(answer.statusCode());
                copyHeaders(answer.headers(), response.headers());
                String answerLength = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
                if (answerLength != null) {
                    response.putHeader(HttpHeaders.CONTENT_LENGTH, answerLength);
                } else {
                    response.setChunked(true);
                }
                // Not ended on failure: Vert.x would end a response whose client has gone and then fail on the next
                // chunk; a failed answer resets the client connection instead, so a truncated body is never taken whole.
                answer.pipe().endOnFailure(false).to(response).onFailure(failure -> {
                    upstream.reset();
                    response.reset();
                });
            });
        });
    }

    /**
     * Sends the request body (streamed through its budget, already read, or none); completes when the
     * whole body is out.
     */
    private static Future<Void> sendBody(HttpServerRequest request, BoundedBody body, HttpClientRequest upstream,
                                         io.vertx.core.buffer.Buffer readBody) {
        if (readBody != null) {
            upstream.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(readBody.length()));
            return upstream.end(readBody);
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null && !RequestBodies.unsized(request)) {
            request.resume();
            return upstream.end();
        }
        if (length != null) {
            upstream.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else {
            upstream.setChunked(true);
        }
        // A client that aborts its upload fails this pipe; ending the upstream request then would hand the
        // service a truncated body as if it were whole, so the caller resets it instead.
        return body.pipe().endOnFailure(false).to(upstream);
    }

    private boolean bodyAllowed(HttpServerRequest request, Route route, HttpServerResponse response) {
        if (route.limitGroup() == Route.LimitGroup.SIMPLEX_SEND && request.method() != HttpMethod.POST) {
            response.putHeader(HttpHeaders.ALLOW, "POST");
            refusals.reject(request, response, 405, "method_not_allowed", "a simplex send is a POST");
            return false;
        }
        long declared = RequestBodies.declaredLength(request);
        if (declared == RequestBodies.INVALID_LENGTH) {
            refusals.reject(request, response, 400, "bad_request", "invalid Content-Length");
            return false;
        }
        if (declared > budget(route)) {
            refusals.reject(request, response, 413, "body_too_large", "request body larger than " + budget(route) + " bytes");
            return false;
        }
        if (RequestBodies.unsized(request) && route.maxBodyBytes() < Route.UPLOAD_BODY) {
            // A body of unknown length (chunked on any method) is accepted only where large streamed
            // uploads are expected, and is counted against the route's budget as it streams.
            refusals.reject(request, response, 411, "length_required", "send Content-Length on this route");
            return false;
        }
        return true;
    }

    /** How many body bytes the route takes: its own limit, or the configured one for uploads. */
    private long budget(Route route) {
        return route.maxBodyBytes() >= Route.UPLOAD_BODY ? config.maxUploadBytes() : route.maxBodyBytes();
    }

    /** True (and the client answered 429 with Retry-After) when a limit's {@code wait} is not zero. */
    private boolean limited(Duration wait, HttpServerRequest request, HttpServerResponse response) {
        if (wait.isZero()) {
            return false;
        }
        refusals.rejectForNow(request, response, wait, 429, "rate_limited", "too many requests; slow down");
        return true;
    }

    /** End-to-end headers only: the fixed hop-by-hop set, and whatever the message's own Connection header names. */
    private static void copyHeaders(MultiMap from, MultiMap to) {
        Set<String> named = connectionNamed(from.get(HttpHeaders.CONNECTION));
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey()) && !named.contains(header.getKey())) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private static Set<String> connectionNamed(String connection) {
        if (connection == null) {
            return Set.of();
        }
        Set<String> named = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String token : connection.split(",")) {
            named.add(token.trim());
        }
        return named;
    }

    private void forwardedHeaders(HttpServerRequest request, MultiMap headers, String requestId, String client) {
        // The gateway is the trust boundary: the services get the one client address it settled on (the
        // rightmost untrusted hop of X-Forwarded-For), never a chain a client could have started.
        headers.set("X-Forwarded-For", client);
        // The Android app may send its token without "Bearer " (seed 000 accepts both); services see one form.
        AccessTokenVerifier.tokenOf(request.getHeader(HttpHeaders.AUTHORIZATION))
                .ifPresent(token -> headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token));
        String proto = trustedPeer(request) ? request.getHeader("X-Forwarded-Proto") : null;
        headers.set("X-Forwarded-Proto", proto != null ? proto : request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        headers.set("X-Request-Id", requestId);
    }

    /** The client behind the configured proxies (the Ingress), or the connection's peer. */
    private String clientOf(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return clientAddress.resolve(peer, request.headers().getAll("X-Forwarded-For"));
    }

    private boolean trustedPeer(HttpServerRequest request) {
        return request.remoteAddress() != null && clientAddress.trusted(request.remoteAddress().hostAddress());
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
