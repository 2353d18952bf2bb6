package io.panzoto.gateway.routing;

import io.panzoto.crypto.token.Tokens;
import io.panzoto.gateway.GatewayConfig;
import io.panzoto.gateway.security.AccessTokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * Streams an admitted request to the owning service and the answer back (Vert.x pipes, with
 * back-pressure, so uploads and downloads of any size pass in constant memory). A service that cannot
 * be reached answers 503 at once; nothing waits on a dead service.
 */
@ApplicationScoped
public class Forwarder {
    /** Compared without regard to case, and without lower-casing (an allocation) per header. */
    private static final Set<String> HOP_BY_HOP = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        HOP_BY_HOP.addAll(List.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                "transfer-encoding", "upgrade", "host", "content-length"));
    }

    private final GatewayConfig config;
    private final Admission admission;
    private final Upstreams upstreams;
    private final Refusals refusals;
    private final UpstreamClients clients;

    public Forwarder(GatewayConfig config, Admission admission, Upstreams upstreams, Refusals refusals, Vertx vertx) {
        this.config = config;
        this.admission = admission;
        this.upstreams = upstreams;
        this.refusals = refusals;
        this.clients = new UpstreamClients(vertx, new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(32) // per event loop
                .setKeepAlive(true));
    }

    /**
     * A simplex send is small JSON naming its link: read it (bounded by the route's body limit), limit
     * per link as well as per address, reject malformed JSON here, then forward the same bytes.
     */
    void forwardSimplexSend(HttpServerRequest request, HttpServerResponse response, Route route, String uri, String requestId,
                                    String client) {
        Future<Buffer> reading = request.body();
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
                        if (admission.limitedPerLink(link.get(), request, response)) {
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
    void forward(HttpServerRequest request, HttpServerResponse response, Route route, String uri, String requestId,
                         String client, Buffer readBody) {
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
            long budget = admission.budget(route);
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
                                         Buffer readBody) {
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
        Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
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
        String proto = admission.trustedPeer(request) ? request.getHeader("X-Forwarded-Proto") : null;
        headers.set("X-Forwarded-Proto", proto != null ? proto : request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        headers.set("X-Request-Id", requestId);
    }
}
