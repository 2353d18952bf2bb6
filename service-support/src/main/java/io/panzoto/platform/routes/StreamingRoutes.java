package io.panzoto.platform.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.ErrorBody;
import io.panzoto.platform.security.AuthErrorMapper;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * What the platform's plain Vert.x routes share: the routes that stream a body to or from S3 cannot be
 * REST methods (the connection must pause while S3 falls behind), yet they authenticate through the
 * same pipeline as every REST route (the service's token mechanism, the JWKS, the ended-session check)
 * and answer refusals with the same JSON error body.
 */
@ApplicationScoped
public class StreamingRoutes {
    private static final Logger LOG = Logger.getLogger(StreamingRoutes.class);
    private static final long LINGER_MILLIS = 10_000;
    private static final int CHUNK = 64 * 1024;
    private static final long STALLED_CLIENT_SECONDS = 60;
    private static final String INTERNAL = "{\"error\":\"internal error\",\"code\":\"internal_error\"}";

    private final ObjectMapper mapper;
    private final IdentityProviderManager identities;

    public StreamingRoutes(ObjectMapper mapper, IdentityProviderManager identities) {
        this.mapper = mapper;
        this.identities = identities;
    }

    /** Runs {@code then} with the verified caller's user id, or answers 401 before anything else is read. */
    public void authenticated(RoutingContext routing, HttpAuthenticationMechanism mechanism, Consumer<UUID> then) {
        authenticatedToken(routing, mechanism, token -> then.accept(UUID.fromString(token.getSubject())));
    }

    /** Runs {@code then} with the caller's verified token (its session and tier too), or answers 401 before anything is read. */
    public void authenticatedToken(RoutingContext routing, HttpAuthenticationMechanism mechanism, Consumer<JsonWebToken> then) {
        boolean tokenSent = routing.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
        mechanism.authenticate(routing, identities).subscribe().with(identity -> {
            JsonWebToken token = identity != null && identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null;
            if (token == null || token.getSubject() == null) {
                respond(routing, 401, AuthErrorMapper.body(tokenSent));
            } else {
                try {
                    then.accept(token);
                } catch (RuntimeException e) {
                    fail(routing, e); // a refusal thrown before the route's own pipeline began (a malformed id)
                }
            }
        }, failure -> respond(routing, 401, AuthErrorMapper.body(tokenSent)));
    }

    /** The request's Content-Length, or null when it declares none (chunked) or an unreadable one. */
    public static Long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? null : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Copies the stream to the response, never more than the client has taken: a slow client holds one
     * chunk in memory, not the file. Blocking (a worker thread); the response's status and headers are
     * the caller's, set before.
     */
    public static void pump(InputStream in, HttpServerResponse response) throws IOException {
        byte[] chunk = new byte[CHUNK];
        int read;
        while ((read = in.read(chunk)) > 0) {
            awaitRoom(response);
            response.write(Buffer.buffer(Arrays.copyOf(chunk, read)));
        }
        response.end();
    }

    /** Waits while the client is slower than the source. */
    private static void awaitRoom(HttpServerResponse response) throws IOException {
        if (response.closed()) {
            throw new IOException("the client went away");
        }
        if (!response.writeQueueFull()) {
            return;
        }
        CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(ready -> drained.complete(null));
        response.closeHandler(closed -> drained.completeExceptionally(new IOException("the client went away")));
        if (!response.writeQueueFull()) {
            drained.complete(null);
        }
        try {
            drained.get(STALLED_CLIENT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the client stopped reading", e);
        }
    }

    /** The failure as the client sees it: an ApiException's status and code, anything else a logged 500. */
    public void fail(RoutingContext routing, Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause(); // work awaited on a worker arrives wrapped
        }
        if (failure instanceof ApiException refused) {
            refused.retryAfter().ifPresent(wait -> routing.response().putHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
            respond(routing, refused.status(), new ErrorBody(refused.getMessage(), refused.code()));
        } else {
            LOG.errorf("a streaming route failed unexpectedly: %s", failure.getClass().getName());
            respond(routing, 500, new ErrorBody("internal error", "internal_error"));
        }
    }

    /** Answers JSON; a refusal before the whole body arrived ends the connection once the client has read it. */
    public void respond(RoutingContext routing, int status, Object body) {
        HttpServerResponse response = routing.response();
        if (response.headWritten()) {
            response.reset(); // the body was already streaming: the client sees a cut transfer, never a wrong one
            return;
        }
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            json = INTERNAL;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        HttpServerRequest request = routing.request();
        if (!request.isEnded()) {
            // Refused before the whole body arrived: read and drop the rest for a while (a lingering close),
            // or a client still sending would see a reset connection instead of this answer.
            response.putHeader(HttpHeaders.CONNECTION, "close");
            long linger = routing.vertx().setTimer(LINGER_MILLIS, late -> request.connection().close());
            request.handler(dropped -> { });
            request.exceptionHandler(ignored -> { });
            request.endHandler(ended -> routing.vertx().cancelTimer(linger));
            request.resume();
        }
        response.end(json);
    }

}
