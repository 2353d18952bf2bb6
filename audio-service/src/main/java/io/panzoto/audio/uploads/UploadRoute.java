package io.panzoto.audio.uploads;

import static io.panzoto.platform.concurrent.Workers.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.audio.files.AudioFiles;
import io.panzoto.audio.files.RecordingFormat;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.ErrorBody;
import io.panzoto.platform.security.AuthErrorMapper;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
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
 * whatever the file's size. The token goes through the same security pipeline as every other route
 * (smallrye-jwt's mechanism, the JWKS, the ended-session check) before a byte of the body is read.
 */
@ApplicationScoped
public class UploadRoute {
    static final String PATH = "/api/v1/audio-files/upload";
    private static final Logger LOG = Logger.getLogger(UploadRoute.class);

    private final StreamingUploads streaming;
    private final AudioFiles files;
    private final JWTAuthMechanism tokens;
    private final IdentityProviderManager identities;
    private final ObjectMapper mapper;

    UploadRoute(StreamingUploads streaming, AudioFiles files, JWTAuthMechanism tokens, IdentityProviderManager identities,
                ObjectMapper mapper) {
        this.streaming = streaming;
        this.files = files;
        this.tokens = tokens;
        this.identities = identities;
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.post(PATH).order(-1).handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        RequestBodyStream body = new RequestBodyStream(request, context);
        boolean tokenSent = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        String fileName = request.getParam("file_name");
        String format = request.getParam("format");
        tokens.authenticate(routing, identities).subscribe().with(
                identity -> upload(routing, context, body, userId(identity), fileName, format),
                failure -> respond(routing, 401, AuthErrorMapper.body(tokenSent)));
    }

    private void upload(RoutingContext routing, Context context, RequestBodyStream body, UUID userId, String fileName, String format) {
        if (userId == null) {
            respond(routing, 401, AuthErrorMapper.body(false));
            return;
        }
        context.<AudioFiles.View>executeBlocking(() -> {
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

    /** The verified user, or null when the request carried no token. */
    private static UUID userId(SecurityIdentity identity) {
        return identity != null && identity.getPrincipal() instanceof JsonWebToken token ? UUID.fromString(token.getSubject()) : null;
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
