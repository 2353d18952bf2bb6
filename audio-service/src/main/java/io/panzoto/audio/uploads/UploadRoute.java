package io.panzoto.audio.uploads;

import static io.panzoto.platform.concurrent.Workers.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.audio.files.AudioFiles;
import io.panzoto.audio.files.RecordingFormat;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.ErrorBody;
import io.panzoto.platform.security.RevokedTokenCheck;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/audio-files/upload?file_name=&format=}: the body (the encrypted recording)
 * streams to S3 on a worker thread. A plain Vert.x route rather than a REST method, because here the
 * connection is paused whenever the upload to S3 falls behind: memory stays at one part per upload
 * whatever the file's size. The token is verified as for every other route (smallrye-jwt, the JWKS).
 */
@ApplicationScoped
public class UploadRoute {
    static final String PATH = "/api/v1/audio-files/upload";
    private static final Logger LOG = Logger.getLogger(UploadRoute.class);

    private final StreamingUploads streaming;
    private final AudioFiles files;
    private final JWTParser tokens;
    private final ObjectMapper mapper;
    private final RevokedTokenCheck revoked;

    UploadRoute(StreamingUploads streaming, AudioFiles files, JWTParser tokens, ObjectMapper mapper, RevokedTokenCheck revoked) {
        this.streaming = streaming;
        this.files = files;
        this.tokens = tokens;
        this.mapper = mapper;
        this.revoked = revoked;
    }

    void register(@Observes Router router) {
        router.post(PATH).order(-1).handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        RequestBodyStream body = new RequestBodyStream(request, context);
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String fileName = request.getParam("file_name");
        String format = request.getParam("format");
        context.<AudioFiles.View>executeBlocking(() -> {
            UUID userId = userId(authorization);
            RecordingFormat checkedFormat = RecordingFormat.declared(format);
            context.runOnContext(go -> body.start());
            StreamingUploads.Stored stored = streaming.upload(userId, fileName, body);
            try {
                return await(() -> files.register(userId, stored.s3Key(), stored.size(), checkedFormat));
            } catch (RuntimeException e) {
                // An object no record points to would never be listed, deleted or removed with its user.
                streaming.discard(stored.s3Key());
                throw e;
            }
        }, false).onComplete(result -> {
            if (result.succeeded()) {
                respond(routing, 201, Map.of("audio_file", result.result()));
            } else if (result.cause() instanceof ApiException refused) {
                respond(routing, refused.status(), new ErrorBody(refused.getMessage(), refused.code()));
            } else {
                LOG.errorf("an upload failed unexpectedly: %s", result.cause().getClass().getName());
                respond(routing, 500, new ErrorBody("internal error", "internal_error"));
            }
        });
    }

    private UUID userId(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("unauthorized", "a valid access token is required");
        }
        try {
            JsonWebToken token = tokens.parse(authorization.substring(7).trim());
            if (revoked.isRevoked(token)) {
                throw ApiException.unauthorized("unauthorized", "a valid access token is required");
            }
            return UUID.fromString(token.getSubject());
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            throw ApiException.unauthorized("unauthorized", "a valid access token is required");
        }
    }

    private void respond(RoutingContext routing, int status, Object body) {
        String json;
        try {
            json = mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            json = "{\"error\":\"internal error\",\"code\":\"internal_error\"}";
        }
        var response = routing.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (!routing.request().isEnded()) {
            // Refused before the whole body arrived: the rest of it is not read, so the connection cannot be reused.
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(json);
    }
}
