package io.panzoto.gateway.routing;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Set;

/** What a request says about its body before the body is read. */
final class RequestBodies {
    static final long NO_LENGTH = -1;
    static final long INVALID_LENGTH = -2;
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private RequestBodies() {
    }

    /** The Content-Length the client declared, {@link #NO_LENGTH} without one, {@link #INVALID_LENGTH} for nonsense. */
    static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return NO_LENGTH;
        }
        try {
            long declared = Long.parseLong(length.trim());
            return declared < 0 ? INVALID_LENGTH : declared;
        } catch (NumberFormatException e) {
            return INVALID_LENGTH;
        }
    }

    /** A body of unknown length follows: chunked, or (HTTP/2 has no Transfer-Encoding) a body method without a length. */
    static boolean unsized(HttpServerRequest request) {
        return declaredLength(request) == NO_LENGTH
                && (BODY_METHODS.contains(request.method()) || request.headers().contains(HttpHeaders.TRANSFER_ENCODING));
    }
}
