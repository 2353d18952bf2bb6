package io.panzoto.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The gateway's own answers: {@code {"error": ..., "code": ...}}, with care for a body it has not read. */
@Singleton
public class Refusals {
    static final String UNAVAILABLE = "the service is unavailable; try again shortly";
    private static final long LINGER_MILLIS = 2000;

    private final Vertx vertx;

    public Refusals(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Answers an error before the request body was forwarded. A small unread body is drained so the
     * kept-alive connection serves the client's next request. A large or unsized one is read and
     * dropped only for {@link #LINGER_MILLIS} after the answer (time for the client to read it, as
     * nginx's lingering close does), then the connection closes rather than take up to 2 GiB nobody wants.
     */
    void reject(HttpServerRequest request, HttpServerResponse response, int status, String code, String message) {
        if (request.isEnded()) {
            error(response, status, code, message);
            return;
        }
        long length = RequestBodies.declaredLength(request);
        if (RequestBodies.unsized(request) || length == RequestBodies.INVALID_LENGTH || length > Route.JSON_BODY) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            error(response, status, code, message)
                    .onComplete(written -> vertx.setTimer(LINGER_MILLIS, timer -> request.connection().close()));
        } else {
            error(response, status, code, message);
        }
        request.resume();
    }

    /** 429, or 503 for a service whose circuit is open, with the seconds to wait in {@code Retry-After}. */
    void rejectForNow(HttpServerRequest request, HttpServerResponse response, Duration wait, int status, String code, String message) {
        response.putHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
        reject(request, response, status, code, message);
    }

    static Future<Void> error(HttpServerResponse response, int status, String code, String message) {
        if (response.ended() || response.headWritten()) {
            return Future.succeededFuture();
        }
        return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("error", message).put("code", code).encode());
    }
}
