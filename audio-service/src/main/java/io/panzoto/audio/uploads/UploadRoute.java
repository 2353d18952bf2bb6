package io.panzoto.audio.uploads;

import static io.panzoto.platform.concurrent.Workers.await;

import io.panzoto.audio.files.AudioFiles;
import io.panzoto.audio.files.RecordingFormat;
import io.panzoto.platform.routes.StreamingRoutes;
import io.panzoto.storage.RequestBodyStream;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;

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

    private final StreamingUploads streaming;
    private final AudioFiles files;
    private final JWTAuthMechanism tokens;
    private final StreamingRoutes routes;

    UploadRoute(StreamingUploads streaming, AudioFiles files, JWTAuthMechanism tokens, StreamingRoutes routes) {
        this.streaming = streaming;
        this.files = files;
        this.tokens = tokens;
        this.routes = routes;
    }

    void register(@Observes Router router) {
        router.post(PATH).order(-1).handler(this::handle);
    }

    private void handle(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        RequestBodyStream body = new RequestBodyStream(request, context);
        String fileName = request.getParam("file_name");
        String format = request.getParam("format");
        routes.authenticated(routing, tokens, userId -> upload(routing, context, body, userId, fileName, format));
    }

    private void upload(RoutingContext routing, Context context, RequestBodyStream body, UUID userId, String fileName, String format) {
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
                routes.respond(routing, 201, Map.of("audio_file", result.result()));
            } else {
                routes.fail(routing, result.cause());
            }
        });
    }
}
