package io.panzoto.gateway.routing;

import io.panzoto.gateway.GatewayConfig;
import io.panzoto.gateway.security.AccessTokenVerifier;
import io.panzoto.ratelimit.ClientAddress;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a request may pass, before any service sees it: the body's framing and size against the
 * route's budget, the per-address limit, the access token on protected routes and the per-user limit.
 * A refused request is answered here (405, 400, 411, 413, 429, 401) and never forwarded.
 */
@ApplicationScoped
public class Admission {
    private final GatewayConfig config;
    private final AccessTokenVerifier tokens;
    private final ClientLimits limits;
    private final Refusals refusals;
    private final ClientAddress clientAddress;

    public Admission(GatewayConfig config, AccessTokenVerifier tokens, ClientLimits limits, Refusals refusals) {
        this.config = config;
        this.tokens = tokens;
        this.limits = limits;
        this.refusals = refusals;
        this.clientAddress = new ClientAddress(config.trustedProxies());
    }

    /** What admission settled: the client's address, and the signed-in user on a token route. */
    public record Admitted(String client, Optional<String> user) {
    }

    /**
     * Admits the request or answers the refusal itself (the future then holds nothing). The request is
     * paused once its limits pass, so its body waits until the service is connected.
     */
    Future<Optional<Admitted>> admit(HttpServerRequest request, HttpServerResponse response, Route route) {
        if (!bodyAllowed(request, route, response)) {
            return Future.succeededFuture(Optional.empty());
        }
        String client = clientOf(request);
        if (limited(limits.forAddress(route.limitGroup(), ClientAddress.limitKey(client)), request, response)) {
            return Future.succeededFuture(Optional.empty());
        }
        request.pause(); // hold the body until the service is connected
        Future<Optional<String>> caller = route.access() == Route.Access.TOKEN
                ? tokens.verify(request.getHeader(HttpHeaders.AUTHORIZATION))
                : Future.succeededFuture(Optional.empty());
        return caller.transform(result -> {
            Optional<String> user = result.succeeded() ? result.result() : Optional.empty();
            if (route.access() == Route.Access.TOKEN && user.isEmpty()) {
                // Seeds 000/001's words, which their apps show.
                boolean sent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
                refusals.reject(request, response, 401, sent ? "token_invalid" : "token_missing",
                        sent ? "Token is invalid or expired" : "Token is missing");
                return Future.succeededFuture(Optional.empty());
            }
            if (user.isPresent() && limited(limits.forUser(user.get()), request, response)) {
                return Future.succeededFuture(Optional.empty());
            }
            return Future.succeededFuture(Optional.of(new Admitted(client, user)));
        });
    }

    /** The per-link limit of a simplex send; true (and answered 429) when it is exhausted. */
    boolean limitedPerLink(String link, HttpServerRequest request, HttpServerResponse response) {
        return limited(limits.forLink(link), request, response);
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
    long budget(Route route) {
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

    /** The client behind the configured proxies (the Ingress), or the connection's peer. */
    private String clientOf(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return clientAddress.resolve(peer, request.headers().getAll("X-Forwarded-For"));
    }

    boolean trustedPeer(HttpServerRequest request) {
        return request.remoteAddress() != null && clientAddress.trusted(request.remoteAddress().hostAddress());
    }
}
