package io.panzoto.diary.imports;

import io.panzoto.diary.events.ImportRequested;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Import jobs' lifecycle: queued (with its {@code diary.import-requested} through the outbox, in the same
 * transaction), running, progress after each batch, then succeeded or failed. At most one unfinished
 * job of a kind per user and provider (a unique index): asking again answers the one under way.
 */
@ApplicationScoped
public class ImportJobs {
    private final Outbox outbox;

    public ImportJobs(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * An unfinished job that has not moved for this long died with its process (a live one records
     * progress after every page, and waits at most 15 minutes for Graph): it is ended so that it does not
     * hold the user's imports back.
     */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    /** A queued Graph import and its event; the unfinished one instead if there is one. */
    public Uni<ImportJob> queue(UUID userId, String provider, String requestedBy) {
        ImportJob job = job(userId, provider, ImportJob.GRAPH, requestedBy, "queued");
        return Panache.withTransaction(() -> abandonStale(userId, provider, ImportJob.GRAPH).chain(job::<ImportJob>persist).call(() -> outbox.append(ImportRequested.TOPIC, ImportRequested.TYPE,
                        ImportRequested.SCHEMA_VERSION, userId.toString(),
                        new ImportRequested(job.id.toString(), userId.toString(), provider, requestedBy))))
                .onFailure(ImportJobs::alreadyUnfinished).recoverWithUni(() -> unfinished(userId, provider, ImportJob.GRAPH))
                // It finished between the refusal and the read: the caller asks again.
                .onItem().ifNull().failWith(() -> ApiException.conflict("import_in_progress", "an import just finished; ask again"));
    }

    /** A running export import (it runs in its request); 409 semantics are the caller's when one is under way. */
    public Uni<ImportJob> startExport(UUID userId, String provider) {
        ImportJob job = job(userId, provider, ImportJob.EXPORT, "user", "running");
        return Panache.withTransaction(() -> abandonStale(userId, provider, ImportJob.EXPORT).chain(job::<ImportJob>persist))
                .onFailure(ImportJobs::alreadyUnfinished).recoverWithItem(() -> null);
    }

    private static Uni<Integer> abandonStale(UUID userId, String provider, String kind) {
        Instant now = Instant.now();
        return ImportJob.update("status = 'failed', failureReason = 'abandoned', finishedAt = ?1, updatedAt = ?1 where userId = ?2 "
                + "and provider = ?3 and kind = ?4 and status in ('queued', 'running') and updatedAt < ?5", now, userId, provider, kind,
                now.minus(ABANDONED_AFTER));
    }

    private static ImportJob job(UUID userId, String provider, String kind, String requestedBy, String status) {
        ImportJob job = new ImportJob();
        job.id = UUID.randomUUID();
        job.userId = userId;
        job.provider = provider;
        job.kind = kind;
        job.requestedBy = requestedBy;
        job.status = status;
        job.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        job.updatedAt = job.createdAt;
        return job;
    }

    private Uni<ImportJob> unfinished(UUID userId, String provider, String kind) {
        return Panache.withSession(() -> ImportJob.<ImportJob>find("userId = ?1 and provider = ?2 and kind = ?3 and status in ('queued', 'running')",
                userId, provider, kind).firstResult());
    }

    private static boolean alreadyUnfinished(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("import_jobs_one_unfinished")) {
                return true;
            }
        }
        return false;
    }

    /** The job, now running (null if it is unknown or already finished: a redelivered request does nothing). */
    Uni<ImportJob> begin(UUID jobId) {
        return Panache.withTransaction(() -> ImportJob.<ImportJob>findById(jobId).invoke(job -> {
            if (job != null && !job.finished()) {
                job.status = "running";
                job.updatedAt = Instant.now();
            }
        })).map(job -> job == null || job.finished() ? null : job);
    }

    /** Adds a batch's figures and the calls retried so far. */
    Uni<Void> progress(ImportJob job, ImportedPosts.Counts counts, int pages, int retries) {
        job.postsSeen += counts.seen();
        job.imported += counts.imported();
        job.duplicates += counts.duplicates();
        job.skipped += counts.skipped();
        job.failed += counts.failed();
        job.pages = pages;
        job.retries = retries;
        job.updatedAt = Instant.now();
        return save(job);
    }

    Uni<Void> succeed(ImportJob job) {
        job.status = "succeeded";
        job.finishedAt = Instant.now();
        job.updatedAt = job.finishedAt;
        return save(job);
    }

    Uni<Void> fail(ImportJob job, String reason) {
        job.status = "failed";
        job.failureReason = reason;
        job.finishedAt = Instant.now();
        job.updatedAt = job.finishedAt;
        return save(job);
    }

    private static Uni<Void> save(ImportJob job) {
        return Panache.withTransaction(() -> ImportJob.update("status = ?1, pages = ?2, postsSeen = ?3, imported = ?4, duplicates = ?5, "
                        + "skipped = ?6, failed = ?7, retries = ?8, failureReason = ?9, updatedAt = ?10, finishedAt = ?11 where id = ?12",
                job.status, job.pages, job.postsSeen, job.imported, job.duplicates, job.skipped, job.failed, job.retries,
                job.failureReason, job.updatedAt, job.finishedAt, job.id)).replaceWithVoid();
    }
}
