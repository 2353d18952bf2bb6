package io.panzoto.diary.imports;

import static io.panzoto.platform.concurrent.Workers.await;

import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.routes.StreamingRoutes;
import io.panzoto.storage.RequestBodyStream;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/diary/imports/facebook-export}: the {@code your_posts_1.json} of Facebook's
 * "Download Your Information", the request body. Read as it streams in (one post and one batch of 100 in
 * memory, whatever the file's size), each post sealed and stored at once like a Graph import's — so the
 * export itself is never stored anywhere, not even sealed, and needs no Kafka job: the import runs in the
 * request and answers its finished job (201). A plain Vert.x route so the connection pauses while the
 * database falls behind.
 */
@ApplicationScoped
public class ExportRoute {
    static final String PATH = "/api/v1/diary/imports/facebook-export";
    private static final int BATCH = 100;
    private static final Logger LOG = Logger.getLogger(ExportRoute.class);

    private final InboxKeys inboxKeys;
    private final ImportJobs jobs;
    private final ImportedPosts posts;
    private final JWTAuthMechanism tokens;
    private final StreamingRoutes routes;
    private final long maxBytes;

    ExportRoute(InboxKeys inboxKeys, ImportJobs jobs, ImportedPosts posts, JWTAuthMechanism tokens, StreamingRoutes routes, DiaryConfig config) {
        this.inboxKeys = inboxKeys;
        this.jobs = jobs;
        this.posts = posts;
        this.tokens = tokens;
        this.routes = routes;
        this.maxBytes = config.facebook().maxExportBytes();
    }

    void register(@Observes Router router) {
        router.post(PATH).order(-1).handler(this::upload);
    }

    private void upload(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        Context context = Vertx.currentContext();
        RequestBodyStream body = new RequestBodyStream(request, context);
        routes.authenticatedToken(routing, tokens, token -> {
            Asker asker = Asker.of(token, request.getHeader(DataKeyTickets.HEADER));
            Long declared = StreamingRoutes.declaredLength(request);
            if (declared != null && declared > maxBytes) {
                routes.fail(routing, tooLarge());
                return;
            }
            inboxKeys.ensure(asker, request.getHeader(HttpHeaders.AUTHORIZATION))
                    .chain(key -> jobs.startExport(asker.userId(), ImportService.FACEBOOK).map(job -> {
                        if (job == null) {
                            throw ApiException.conflict("import_in_progress", "an export is being imported already");
                        }
                        return new Started(job, key);
                    }))
                    .subscribe().with(started -> context.<ImportJob.View>executeBlocking(() -> {
                        context.runOnContext(go -> body.start());
                        return run(started.job(), started.key(), body);
                    }, false).onComplete(result -> {
                        if (result.succeeded()) {
                            routes.respond(routing, 201, result.result());
                        } else {
                            routes.fail(routing, result.cause());
                        }
                    }), failure -> routes.fail(routing, failure));
        });
    }

    private record Started(ImportJob job, InboxKey key) {
    }

    /** Reads, seals and stores batch by batch; the job ends succeeded, or failed with the reason answered. Blocking. */
    private ImportJob.View run(ImportJob job, InboxKey key, InputStream body) {
        List<ImportedPost> batch = new ArrayList<>(BATCH);
        int[] batches = {0};
        Limited limited = new Limited(body, maxBytes);
        try {
            FacebookExport.read(limited, post -> {
                batch.add(post);
                if (batch.size() == BATCH) {
                    store(job, key, batch, ++batches[0]);
                }
            });
            if (!batch.isEmpty()) {
                store(job, key, batch, ++batches[0]);
            }
            await(() -> jobs.succeed(job));
            return ImportJob.View.of(job);
        } catch (IOException | RuntimeException e) {
            boolean tooLarge = limited.exceeded;
            String reason = tooLarge ? "export_too_large" : e instanceof IOException ? "invalid_export" : "internal_error";
            LOG.warnf("an export import failed: %s (%s)", reason, e.getClass().getSimpleName());
            await(() -> jobs.fail(job, reason));
            if (tooLarge) {
                throw tooLarge();
            }
            if (e instanceof IOException) {
                throw ApiException.badRequest("invalid_export",
                        "not Facebook's posts export (your_posts_1.json of \"Download Your Information\", JSON format); posts imported before the fault were kept");
            }
            throw (RuntimeException) e;
        }
    }

    private void store(ImportJob job, InboxKey key, List<ImportedPost> batch, int batches) {
        List<ImportedPost> taken = List.copyOf(batch);
        batch.clear();
        ImportedPosts.Counts counts = await(() -> posts.store(job, key, taken));
        await(() -> jobs.progress(job, counts, batches, 0));
    }

    private ApiException tooLarge() {
        return new ApiException(413, "export_too_large", "an export file is at most " + maxBytes + " bytes");
    }

    /** The body, cut at the limit (a chunked upload declares no length). */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;
        boolean exceeded;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            int n = super.read(into, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > limit) {
                exceeded = true;
                throw new IOException("the export is larger than allowed");
            }
        }
    }
}
