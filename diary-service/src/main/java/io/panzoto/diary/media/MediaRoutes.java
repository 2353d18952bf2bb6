package io.panzoto.diary.media;

import static io.panzoto.platform.concurrent.Workers.await;

import io.panzoto.crypto.CryptoException;
import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.ErrorBody;
import io.panzoto.platform.routes.ByteRange;
import io.panzoto.platform.routes.StreamingRoutes;
import io.panzoto.storage.ObjectStore;
import io.panzoto.storage.RequestBodyStream;
import io.panzoto.storage.StorageException;
import io.panzoto.storage.UploadRefusedException;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * The byte-moving media routes, plain Vert.x so the connection pauses while S3 falls behind (one part
 * per upload, one chunk per download in memory, whatever the file's size):
 * {@code POST /api/v1/diary/media?kind=&entry_id=} streams the body to S3 (uce: sealed here in v1 as it
 * passes; e2e: the client's blob as is), cut at the quota; {@code GET /api/v1/diary/media/{id}/content}
 * streams it back, one range if asked (uce: only the chunks holding the range are fetched and opened);
 * {@code GET .../thumbnail} a uce photo's thumbnail. Tokens go through the same pipeline as every REST route.
 */
@ApplicationScoped
public class MediaRoutes {
    static final String UPLOAD = "/api/v1/diary/media";
    static final String CONTENT = "/api/v1/diary/media/:id/content";
    static final String THUMBNAIL = "/api/v1/diary/media/:id/thumbnail";
    private static final Logger LOG = Logger.getLogger(MediaRoutes.class);

    private final MediaService media;
    private final MediaQuota quota;
    private final ObjectStore objects;
    private final JWTAuthMechanism tokens;
    private final StreamingRoutes routes;
    private final DiaryConfig.Media config;

    MediaRoutes(MediaService media, MediaQuota quota, ObjectStore objects, JWTAuthMechanism tokens, StreamingRoutes routes, DiaryConfig config) {
        this.media = media;
        this.quota = quota;
        this.objects = objects;
        this.tokens = tokens;
        this.routes = routes;
        this.config = config.media();
    }

    void register(@Observes Router router) {
        router.post(UPLOAD).order(-1).handler(this::upload);
        router.get(CONTENT).order(-1).handler(this::content);
        router.get(THUMBNAIL).order(-1).handler(this::thumbnail);
    }

    private void upload(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        RequestBodyStream body = new RequestBodyStream(request, context);
        routes.authenticatedToken(routing, tokens, token -> media.prepare(asker(token, request), request.getParam("kind"),
                request.getParam("entry_id"), request.getHeader(HttpHeaders.CONTENT_TYPE), StreamingRoutes.declaredLength(request)).subscribe().with(
                upload -> context.<MediaView>executeBlocking(() -> {
                    try (upload) {
                        context.runOnContext(go -> body.start());
                        return store(upload, body);
                    }
                }, false).onComplete(result -> {
                    if (result.succeeded()) {
                        routes.respond(routing, 201, result.result());
                    } else {
                        routes.fail(routing, result.cause());
                    }
                }),
                failure -> routes.fail(routing, failure)));
    }

    /** Streams, seals (uce), adds a uce photo's thumbnail, registers; nothing remains of a refused upload. Blocking. */
    private MediaView store(MediaService.Upload upload, InputStream body) {
        Media row = upload.row();
        CountingStream plaintext = new CountingStream(body);
        InputStream stored = row.uce()
                ? MediaSealing.sealing(plaintext, upload.fileKey(), row.userId, row.id, config.chunkBytes()) : plaintext;
        long storedBytes;
        try {
            storedBytes = objects.putStream(row.s3Key, stored, config.partBytes(), upload.allowance());
        } catch (UploadRefusedException e) {
            throw switch (e.reason()) {
                case EMPTY -> ApiException.badRequest("empty_body", "the request body is the file; it was empty");
                // putStream left nothing behind; the answer says how full the storage is.
                case TOO_LARGE -> MediaQuota.exceeded(await(() -> Panache.withSession(() -> quota.usage(row.userId, row.tier))));
                case INCOMPLETE -> ApiException.badRequest("upload_incomplete", "the upload was cut short");
            };
        } catch (StorageException e) {
            throw storageUnavailable(e);
        }
        try {
            if (row.uce() && plaintext.count == 0) {
                throw ApiException.badRequest("empty_body", "the request body is the file; it was empty");
            }
            Long plaintextBytes = row.uce() ? plaintext.count : null;
            String thumbnailKey = null;
            Long thumbnailBytes = null;
            if (row.uce() && "photo".equals(row.kind) && plaintext.count <= config.thumbnailSourceMaxBytes()) {
                Optional<byte[]> thumbnail = thumbnail(upload);
                if (thumbnail.isPresent()) {
                    thumbnailKey = row.s3Key + ".thumbnail";
                    objects.put(thumbnailKey, thumbnail.get(), thumbnail.get().length);
                    thumbnailBytes = (long) thumbnail.get().length;
                }
            }
            String thumbnailKeyFinal = thumbnailKey;
            Long thumbnailBytesFinal = thumbnailBytes;
            return await(() -> media.register(upload, storedBytes, plaintextBytes, thumbnailKeyFinal, thumbnailBytesFinal));
        } catch (RuntimeException e) {
            await(() -> media.discard(row)); // refused or failed: no object without a row
            throw e;
        }
    }

    /** The sealed thumbnail of a uce photo just stored, read back through its seal; none if it is not an image ImageIO reads. */
    private Optional<byte[]> thumbnail(MediaService.Upload upload) {
        Media row = upload.row();
        try (InputStream original = MediaSealing.opening(objects.open(row.s3Key), upload.fileKey(), row.userId, row.id)) {
            return Thumbnails.of(original).map(jpeg -> MediaSealing.sealThumbnail(jpeg, upload.fileKey(), row.userId, row.id, config.chunkBytes()));
        } catch (IOException e) {
            LOG.warnf("a photo's thumbnail could not be made: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void content(RoutingContext routing) {
        Context context = Vertx.currentContext();
        String rangeHeader = routing.request().getHeader("Range");
        routes.authenticatedToken(routing, tokens, token -> media.download(asker(token, routing.request()), routing.pathParam("id"))
                .subscribe().with(download -> {
                    Media row = download.row();
                    Optional<ByteRange> range = ByteRange.of(rangeHeader, row.size());
                    if (range.isEmpty()) {
                        download.close();
                        routing.response().putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + row.size());
                        routes.respond(routing, 416, new ErrorBody("the range starts past the end of the file", "range_not_satisfiable"));
                        return;
                    }
                    context.executeBlocking(() -> {
                        try (download) {
                            send(routing.response(), download, range.get());
                        }
                        return null;
                    }, false).onComplete(result -> {
                        if (result.failed()) {
                            routes.fail(routing, result.cause());
                        }
                    });
                }, failure -> routes.fail(routing, failure)));
    }

    /** Streams the range: e2e straight from S3, uce through its seal, chunk by chunk. Blocking. */
    private void send(HttpServerResponse response, MediaService.Download download, ByteRange range) throws IOException {
        Media row = download.row();
        InputStream in;
        try {
            if (row.uce()) {
                in = row.size() == 0 ? InputStream.nullInputStream() : MediaSealing.openingRange((first, last) -> objects.open(row.s3Key, first, last),
                        row.storedBytes, range.first(), range.last(), download.fileKey(), row.userId, row.id);
            } else {
                in = range.partial() ? objects.open(row.s3Key, range.first(), range.last()) : objects.open(row.s3Key);
            }
        } catch (StorageException e) {
            throw e.kind() == StorageException.Kind.MISSING ? ApiException.notFound("no such media") : storageUnavailable(e);
        } catch (CryptoException e) {
            throw ApiException.conflict("media_unreadable", "this file does not open: it was altered in storage");
        }
        try (InputStream body = in) {
            response.setStatusCode(range.partial() ? 206 : 200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, row.uce() ? row.contentType : "application/octet-stream")
                    .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(range.length()))
                    .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
            if (range.partial()) {
                response.putHeader(HttpHeaders.CONTENT_RANGE, range.contentRange(row.size()));
            }
            StreamingRoutes.pump(body, response);
        }
    }

    private void thumbnail(RoutingContext routing) {
        Context context = Vertx.currentContext();
        routes.authenticatedToken(routing, tokens, token -> media.download(asker(token, routing.request()), routing.pathParam("id"))
                .subscribe().with(download -> context.<byte[]>executeBlocking(() -> {
                    try (download) {
                        Media row = download.row();
                        if (row.thumbnailKey == null) {
                            throw ApiException.notFound("this file has no thumbnail");
                        }
                        try (InputStream in = MediaSealing.openingThumbnail(objects.open(row.thumbnailKey), download.fileKey(), row.userId, row.id)) {
                            return in.readAllBytes();
                        } catch (CryptoException e) {
                            throw ApiException.conflict("media_unreadable", "this thumbnail does not open: it was altered in storage");
                        }
                    }
                }, false).onComplete(result -> {
                    if (result.failed()) {
                        routes.fail(routing, result.cause());
                    } else {
                        routing.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg")
                                .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store").end(io.vertx.core.buffer.Buffer.buffer(result.result()));
                    }
                }), failure -> routes.fail(routing, failure)));
    }

    private static Asker asker(JsonWebToken token, HttpServerRequest request) {
        return Asker.of(token, request.getHeader(DataKeyTickets.HEADER));
    }

    private static ApiException storageUnavailable(StorageException e) {
        LOG.warnf("diary media could not reach storage: %s", e.getClass().getSimpleName());
        return ApiException.serviceUnavailable("storage_unavailable", "media storage is unavailable; try again shortly", Duration.ofSeconds(5));
    }

    /** Counts the plaintext bytes that pass (uce: the file's size; 0 means an empty upload). */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
