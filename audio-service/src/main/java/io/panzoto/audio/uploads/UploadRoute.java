package io.panzoto.audio.uploads;

import static io.panzoto.platform.concurrent.Workers.await;

import io.panzoto.audio.files.AudioFiles;
import io.panzoto.audio.files.RecordingFormat;
import io.panzoto.audio.transcription.TranscriptionJob;
import io.panzoto.audio.transcription.TranscriptionRequests;
import io.panzoto.audio.transcription.UploadTranscriptions;
import io.panzoto.platform.routes.StreamingRoutes;
import io.panzoto.storage.RequestBodyStream;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/v1/audio-files/upload?file_name=&format=[&s3_key=]}: the body (the encrypted recording)
 * streams to S3 on a worker thread. A plain Vert.x route rather than a REST method, because here the
 * connection is paused whenever the upload to S3 falls behind: memory stays at one part per upload
 * whatever the file's size. The token goes through the same security pipeline as every other route
 * (smallrye-jwt's mechanism, the JWKS, the ended-session check) before a byte of the body is read.
 * A v1 client names its own key ({@code s3_key}, under its prefix: v1's AAD is the object key, so it
 * must know it before encrypting) and may ask for transcription with {@code X-Sealed-File-Key} and
 * {@code X-Transcriber-Key-Id} (the file key sealed to the transcriber, {@link UploadTranscriptions}).
 */
@ApplicationScoped
public class UploadRoute {
    static final String PATH = "/api/v1/audio-files/upload";

    static final String SEALED_FILE_KEY_HEADER = "X-Sealed-File-Key";
    static final String TRANSCRIBER_KEY_ID_HEADER = "X-Transcriber-Key-Id";

    private final StreamingUploads streaming;
    private final AudioFiles files;
    private final UploadTranscriptions uploadTranscriptions;
    private final JWTAuthMechanism tokens;
    private final StreamingRoutes routes;

    UploadRoute(StreamingUploads streaming, AudioFiles files, UploadTranscriptions uploadTranscriptions, JWTAuthMechanism tokens,
                StreamingRoutes routes) {
        this.streaming = streaming;
        this.files = files;
        this.uploadTranscriptions = uploadTranscriptions;
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
        Upload upload = new Upload(request.getParam("file_name"), request.getParam("format"), request.getParam("s3_key"),
                request.getHeader(SEALED_FILE_KEY_HEADER), request.getHeader(TRANSCRIBER_KEY_ID_HEADER));
        routes.authenticated(routing, tokens, userId -> upload(routing, context, body, userId, upload));
    }

    /** What the request says about the upload, besides its body. */
    private record Upload(String fileName, String format, String s3Key, String sealedFileKey, String transcriberKeyId) {
        @Override
        public String toString() {
            return "Upload[" + s3Key + "]";
        }
    }

    private void upload(RoutingContext routing, Context context, RequestBodyStream body, UUID userId, Upload upload) {
        context.<AudioFiles.Registered<TranscriptionJob>>executeBlocking(() -> {
            RecordingFormat checkedFormat = RecordingFormat.declared(upload.format());
            UploadTranscriptions.Asked asked = uploadTranscriptions.asked(upload.sealedFileKey(), upload.transcriberKeyId(), checkedFormat);
            String key = upload.s3Key() == null ? UploadKeys.newKey(userId, upload.fileName()) : upload.s3Key();
            if (upload.s3Key() != null) {
                await(() -> files.requireFreeOwnKey(userId, key));
            }
            context.runOnContext(go -> body.start());
            StreamingUploads.Stored stored = streaming.upload(key, body);
            try {
                return await(() -> files.register(userId, stored.s3Key(), stored.size(), checkedFormat,
                        file -> asked == null ? Uni.createFrom().<TranscriptionJob>nullItem() : uploadTranscriptions.queue(file, asked)));
            } catch (RuntimeException e) {
                // An object no record points to would never be listed, deleted or removed with its user.
                streaming.discard(stored.s3Key());
                throw e;
            }
        }, false).onComplete(result -> {
            if (result.succeeded()) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("audio_file", result.result().file());
                if (result.result().made() != null) {
                    answer.put("transcription", TranscriptionRequests.JobView.of(result.result().made()));
                }
                routes.respond(routing, 201, answer);
            } else {
                routes.fail(routing, result.cause());
            }
        });
    }
}
