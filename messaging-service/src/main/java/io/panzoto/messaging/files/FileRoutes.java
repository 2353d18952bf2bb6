package io.panzoto.messaging.files;

import static io.panzoto.platform.concurrent.Workers.await;

import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.ErrorBody;
import io.panzoto.platform.routes.ByteRange;
import io.panzoto.platform.routes.StreamingRoutes;
import io.panzoto.storage.ObjectStore;
import io.panzoto.storage.RequestBodyStream;
import io.panzoto.storage.StorageException;
import io.panzoto.storage.UploadRefusedException;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * SecureSession's file transfer (seed 004's paths): {@code POST /api/files/upload?session_id=&max_downloads=}
 * streams the client's encrypted blob to S3, with its encrypted name and type in the
 * {@code X-File-Metadata} header (base64); {@code GET /api/files/{id}/download} streams it back to a
 * participant, one range of it if asked ({@code Range: bytes=...}). Plain Vert.x routes, because the
 * connection must pause while S3 falls behind: memory is one part per upload and one chunk per download,
 * whatever the file's size. Tokens go through the same pipeline as every REST route.
 */
@ApplicationScoped
public class FileRoutes {
    static final String UPLOAD = "/api/files/upload";
    static final String DOWNLOAD = "/api/files/:id/download";
    static final String METADATA_HEADER = "X-File-Metadata";
    private static final Logger LOG = Logger.getLogger(FileRoutes.class);

    private final SessionFiles files;
    private final ObjectStore objects;
    private final JWTAuthMechanism tokens;
    private final StreamingRoutes routes;

    FileRoutes(SessionFiles files, ObjectStore objects, JWTAuthMechanism tokens, StreamingRoutes routes) {
        this.files = files;
        this.objects = objects;
        this.tokens = tokens;
        this.routes = routes;
    }

    void register(@Observes Router router) {
        router.post(UPLOAD).order(-1).handler(this::upload);
        router.get(DOWNLOAD).order(-1).handler(this::download);
    }

    private void upload(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        RequestBodyStream body = new RequestBodyStream(request, context);
        routes.authenticated(routing, tokens, userId -> {
            SessionFiles.Upload upload;
            try {
                upload = files.upload(userId, request.getParam("session_id"), request.getParam("max_downloads"),
                        request.getHeader(METADATA_HEADER));
            } catch (ApiException refused) {
                routes.fail(routing, refused);
                return;
            }
            files.allowance(upload, StreamingRoutes.declaredLength(request)).subscribe().with(
                    allowance -> context.<SessionFiles.FileView>executeBlocking(() -> {
                        context.runOnContext(go -> body.start());
                        long size = store(upload, allowance, body);
                        try {
                            return await(() -> files.register(upload, size));
                        } catch (RuntimeException e) {
                            await(() -> files.discard(upload.s3Key())); // refused: no object without a row
                            throw e;
                        }
                    }, false).onComplete(result -> {
                        if (result.succeeded()) {
                            routes.respond(routing, 201, result.result());
                        } else {
                            routes.fail(routing, result.cause());
                        }
                    }),
                    failure -> routes.fail(routing, failure));
        });
    }

    private long store(SessionFiles.Upload upload, SessionFiles.Allowance allowance, InputStream body) {
        try {
            return objects.putStream(upload.s3Key(), body, files.partBytes(), allowance.maxBytes());
        } catch (UploadRefusedException e) {
            throw switch (e.reason()) {
                case EMPTY -> ApiException.badRequest("empty_body", "the request body is the encrypted file; it was empty");
                case TOO_LARGE -> allowance.exceeded();
                case INCOMPLETE -> ApiException.badRequest("upload_incomplete", "the upload was cut short");
            };
        } catch (StorageException e) {
            throw storageUnavailable(e);
        }
    }

    private void download(RoutingContext routing) {
        Context context = Vertx.currentContext();
        String fileId = routing.pathParam("id");
        String rangeHeader = routing.request().getHeader("Range");
        routes.authenticated(routing, tokens, userId -> files.download(userId, fileId).subscribe().with(
                download -> {
                    Optional<ByteRange> range = ByteRange.of(rangeHeader, download.size());
                    if (range.isEmpty()) {
                        routing.response().putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + download.size());
                        routes.respond(routing, 416, new ErrorBody("the range starts past the end of the file", "range_not_satisfiable"));
                        finish(download, fileId);
                        return;
                    }
                    context.executeBlocking(() -> {
                        send(routing.response(), download, range.get());
                        return null;
                    }, false).onComplete(result -> {
                        if (result.failed()) {
                            routes.fail(routing, result.cause());
                        }
                        finish(download, fileId);
                    });
                },
                failure -> routes.fail(routing, failure)));
    }

    /** Streams the range from S3 to the client, never more than the client has taken. Blocking. */
    private void send(HttpServerResponse response, FileStore.Download download, ByteRange range) throws IOException {
        InputStream object;
        try {
            object = range.partial() ? objects.open(download.s3Key(), range.first(), range.last()) : objects.open(download.s3Key());
        } catch (StorageException e) {
            throw e.kind() == StorageException.Kind.MISSING ? ApiException.notFound("no such file") : storageUnavailable(e);
        }
        try (InputStream in = object) {
            response.setStatusCode(range.partial() ? 206 : 200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                    .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(range.length()))
                    .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            if (range.partial()) {
                response.putHeader(HttpHeaders.CONTENT_RANGE, range.contentRange(download.size()));
            }
            StreamingRoutes.pump(in, response);
        }
    }

    /** The file's last allowed download is over (done or not): it goes. */
    private void finish(FileStore.Download download, String fileId) {
        if (download.last()) {
            files.spent(fileId).subscribe().with(done -> { }, failure ->
                    LOG.warnf("could not remove a spent file now (%s); it goes with its session", failure.getClass().getSimpleName()));
        }
    }

    private static ApiException storageUnavailable(StorageException e) {
        LOG.warnf("a session file could not reach storage: %s", e.getClass().getSimpleName());
        return ApiException.serviceUnavailable("storage_unavailable", "file storage is unavailable; try again shortly",
                java.time.Duration.ofSeconds(5));
    }
}
