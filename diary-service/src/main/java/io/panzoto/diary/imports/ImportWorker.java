package io.panzoto.diary.imports;

import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.diary.events.ImportRequested;
import io.panzoto.diary.integrations.GraphCalls;
import io.panzoto.diary.integrations.GraphContent;
import io.panzoto.diary.integrations.GraphException;
import io.panzoto.diary.integrations.IntegrationAccount;
import io.panzoto.diary.integrations.IntegrationSecrets;
import io.panzoto.platform.inbox.InboundEvent;
import io.panzoto.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Runs Graph imports ({@code diary.import-requested}, group {@code diary-importer}): pages through the
 * user's posts from the account's {@code since} cursor, storing each page ({@link ImportedPosts}) and the
 * job's progress as it goes; Graph's failures and throttling are retried ({@link GraphCalls}), and when
 * {@code X-App-Usage} says the app is near its limit the next page waits. The cursor moves only when an
 * import ends, so a crashed one is simply run again (its posts are found as duplicates). An unreadable
 * request goes to the .dlq; an import that cannot finish ends {@code failed} with its reason.
 */
@ApplicationScoped
public class ImportWorker {
    private static final Logger LOG = Logger.getLogger(ImportWorker.class);
    // Graph writes times as 2026-11-30T08:15:00+0000.
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    private final Inbox inbox;
    private final ImportJobs jobs;
    private final ImportedPosts posts;
    private final GraphCalls graph;
    private final IntegrationSecrets secrets;
    private final DiaryConfig.Facebook config;

    public ImportWorker(Inbox inbox, ImportJobs jobs, ImportedPosts posts, GraphCalls graph, IntegrationSecrets secrets, DiaryConfig config) {
        this.inbox = inbox;
        this.jobs = jobs;
        this.posts = posts;
        this.graph = graph;
        this.secrets = secrets;
        this.config = config.facebook();
    }

    @Incoming("import-requests")
    public Uni<Void> run(String payload) {
        InboundEvent event = inbox.parse(payload);
        ImportRequested request = inbox.body(event, ImportRequested.class);
        UUID jobId = UUID.fromString(request.jobId());
        return jobs.begin(jobId).chain(job -> job == null ? Uni.createFrom().voidItem() : run(job));
    }

    /** One import's state: where paging is, how many calls it made. */
    private static final class Run {
        final ImportJob job;
        final InboxKey key;
        final IntegrationAccount account;
        final Context context;
        final AtomicInteger calls = new AtomicInteger();
        int pages;
        Instant newest;

        Run(ImportJob job, InboxKey key, IntegrationAccount account, Context context) {
            this.job = job;
            this.key = key;
            this.account = account;
            this.context = context;
        }
    }

    private Uni<Void> run(ImportJob job) {
        Context context = Vertx.currentContext();
        return Panache.withSession(() -> IntegrationAccount.of(job.userId, job.provider)
                        .chain(account -> InboxKeys.of(job.userId).map(key -> account == null || key == null ? null : new Run(job, key, account, context))))
                .chain(run -> {
                    if (run == null) {
                        return jobs.fail(job, "not_connected_or_no_inbox_key");
                    }
                    Long since = run.account.syncedUntil == null ? null : run.account.syncedUntil.getEpochSecond();
                    return page(run, secrets.token(run.account), since, null).chain(() -> finish(run));
                })
                .onFailure().recoverWithUni(failure -> {
                    String reason = reason(failure);
                    LOG.warnf("import %s failed: %s (%s)", job.id, reason, failure.getClass().getSimpleName());
                    return onContext(context, () -> jobs.fail(job, reason));
                });
    }

    private Uni<Void> page(Run run, String token, Long since, String after) {
        return graph.posts(token, config.importPageSize(), since, after, run.calls).chain(response -> {
            GraphContent.PostsPage page = response.getEntity();
            List<ImportedPost> batch = new ArrayList<>();
            for (GraphContent.Post post : page.data() == null ? List.<GraphContent.Post>of() : page.data()) {
                Instant postedAt = time(post.createdTime());
                batch.add(new ImportedPost(post.id(), postedAt, post.message(), List.of()));
                // A time from the future (the store parks such a post) must not move the cursor past every real one.
                boolean plausible = postedAt != null && postedAt.isBefore(Instant.now().plus(Duration.ofDays(1)));
                if (plausible && (run.newest == null || postedAt.isAfter(run.newest))) {
                    run.newest = postedAt;
                }
            }
            run.pages++;
            Duration pause = AppUsage.pauseAfter(response.getHeaderString(AppUsage.HEADER), config.usagePauseAt(), config.usagePause());
            String next = page.nextCursor();
            return onContext(run.context, () -> posts.store(run.job, run.key, batch))
                    .chain(counts -> jobs.progress(run.job, counts, run.pages, run.calls.get() - run.pages))
                    .chain(() -> next == null ? Uni.createFrom().voidItem() : waitFor(pause).chain(() -> page(run, token, since, next)));
        });
    }

    private Uni<Void> finish(Run run) {
        return onContext(run.context, () -> {
            Uni<Void> cursor = run.newest == null ? Uni.createFrom().voidItem()
                    : Panache.withTransaction(() -> IntegrationAccount.update(
                            "syncedUntil = ?1 where id = ?2 and (syncedUntil is null or syncedUntil < ?1)", run.newest, run.account.id)).replaceWithVoid();
            return cursor.chain(() -> jobs.succeed(run.job));
        });
    }

    /**
     * Runs the work on the job's Vert.x context, where Hibernate Reactive's sessions must stay: Graph's
     * answers, retries and waits may complete on other threads.
     */
    private static <T> Uni<T> onContext(Context context, Supplier<Uni<T>> work) {
        return context == null ? work.get()
                : Uni.createFrom().voidItem().emitOn(task -> context.runOnContext(v -> task.run())).chain(ignored -> work.get());
    }

    private static Uni<Void> waitFor(Duration pause) {
        if (pause.isZero()) {
            return Uni.createFrom().voidItem();
        }
        LOG.infof("Graph's app usage is near its limit: the import waits %s", pause);
        return Uni.createFrom().voidItem().onItem().delayIt().by(pause);
    }

    private static Instant time(String graphTime) {
        if (graphTime == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(graphTime, GRAPH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(graphTime).toInstant();
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String reason(Throwable failure) {
        if (failure instanceof GraphException graphFailure) {
            if (graphFailure.tokenInvalid()) {
                return "facebook_token_invalid";
            }
            return graphFailure instanceof GraphException.Retryable retryable && retryable.throttled() ? "facebook_rate_limited"
                    : graphFailure instanceof GraphException.Retryable ? "facebook_unavailable" : "facebook_refused";
        }
        return failure instanceof jakarta.ws.rs.ProcessingException ? "facebook_unavailable" : "internal_error";
    }
}
