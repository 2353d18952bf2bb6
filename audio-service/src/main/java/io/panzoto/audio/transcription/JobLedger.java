package io.panzoto.audio.transcription;

import static io.panzoto.platform.concurrent.Workers.await;

import io.panzoto.audio.events.Transcribed;
import io.panzoto.audio.events.TranscriptionFailed;
import io.panzoto.audio.files.AudioFile;
import io.panzoto.audio.files.RecordingFormat;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.platform.outbox.OutboxRelay;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The transcriber's writes to a job, each its own transaction with the job row locked, called from
 * worker threads (it blocks). A finished job is never changed again, so however often a request is
 * delivered, or however many consumers race for it, a job ends once: one transcript, one event.
 */
@ApplicationScoped
// The transcriber's beans; a build with panzoto.audio.transcriber.enabled=false (the native profile) leaves them out.
@IfBuildProperty(name = "panzoto.audio.transcriber.enabled", stringValue = "true", enableIfMissing = true)
class JobLedger {
    private static final Logger LOG = Logger.getLogger(JobLedger.class);
    private static final Duration DATABASE_PATIENCE = Duration.ofMinutes(10);
    private static final Duration FIRST_WAIT = Duration.ofMillis(500);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** A request consumed the moment its key expired may still be starting: leave it this long. */
    private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

    private final Outbox outbox;
    private final OutboxRelay relay;

    JobLedger(Outbox outbox, OutboxRelay relay) {
        this.outbox = outbox;
        this.relay = relay;
    }

    /**
     * A started attempt: the job's owner and file as the database has them, which attempt this is, and
     * for a job its upload started, the client's sealed file key and the transcriber key it names.
     */
    record Attempt(UUID jobId, UUID userId, UUID audioFileId, String s3Key, RecordingFormat format, int number,
                   byte[] sealedFileKey, String transcriberKeyId, long resumeSamples, byte[] partialTranscript) {
        @Override
        public String toString() {
            return "Attempt[" + jobId + " #" + number + "]";
        }
    }

    /** The job the file's upload started, if it asked for one. */
    Optional<UUID> startedByUpload(UUID audioFileId) {
        return Optional.ofNullable(inTransaction(() -> TranscriptionJob.startedByUpload(audioFileId).map(job -> job == null ? null : job.id)));
    }

    /**
     * Counts a new attempt and marks the job decrypting; empty when there is nothing to do (finished,
     * or gone with its file or user).
     */
    Optional<Attempt> begin(UUID jobId) {
        return Optional.ofNullable(inTransaction(() -> locked(jobId).chain(job -> {
            if (job == null || job.finished()) {
                return Uni.createFrom().nullItem();
            }
            return AudioFile.<AudioFile>findById(job.audioFileId).map(file -> {
                if (file == null) {
                    return null;
                }
                job.attempts++;
                move(job, JobStatus.DECRYPTING, 0);
                return new Attempt(job.id, job.userId, file.id, file.s3Key, file.format, job.attempts, job.sealedFileKey,
                        job.transcriberKeyId, job.resumeSamples, job.partialTranscript);
            });
        })));
    }

    /**
     * A queued job whose key expired can never run: its key cannot be opened, and its request may have
     * aged out of the topic (kept two hours, twice the key's life). It fails as key_expired, announced,
     * so no job stays queued for ever. Every replica may sweep; a job ends once.
     */
    @Scheduled(identity = "transcription-expiry", every = "5m", delayed = "1m")
    void failExpiredQueuedJobs() {
        Instant cutoff = Instant.now().minus(EXPIRY_MARGIN);
        try {
            List<TranscriptionJob> stale = await(() -> Panache.withSession(() -> TranscriptionJob.queuedExpiringBefore(cutoff)));
            stale.forEach(job -> fail(job.id, "key_expired"));
        } catch (RuntimeException e) {
            LOG.warnf("the expiry sweep failed (%s); the next one retries", e.getClass().getSimpleName());
        }
    }

    /** Records progress of a running job; a finished one is left alone. */
    void progress(UUID jobId, JobStatus status, int percent) {
        inTransaction(() -> locked(jobId).invoke(job -> {
            if (job != null && !job.finished()) {
                move(job, status, percent);
            }
        }));
    }

    /** Records where a running job could resume: the samples recognised and their text, sealed. */
    void checkpoint(UUID jobId, long samples, byte[] sealedPartialText) {
        inTransaction(() -> locked(jobId).invoke(job -> {
            if (job != null && !job.finished() && samples > job.resumeSamples) {
                job.resumeSamples = samples;
                job.partialTranscript = sealedPartialText;
            }
        }));
    }

    /** Stores the sealed transcript and announces it; false if the job had already ended. */
    boolean complete(Attempt attempt, byte[] sealedTranscript, double audioSeconds) {
        return finish(attempt.jobId(), job -> {
            job.transcript = sealedTranscript;
            job.failureReason = null;
            move(job, JobStatus.DONE, 100);
            return outbox.append(Transcribed.TOPIC, Transcribed.TOPIC, 1, job.audioFileId.toString(),
                    new Transcribed(job.id.toString(), job.userId.toString(), job.audioFileId.toString(), audioSeconds));
        });
    }

    /** Ends the job without a transcript and announces why; false if it had already ended. */
    boolean fail(UUID jobId, String reason) {
        return finish(jobId, job -> {
            job.failureReason = reason;
            move(job, JobStatus.FAILED, job.progress);
            return outbox.append(TranscriptionFailed.TOPIC, TranscriptionFailed.TOPIC, 1, job.audioFileId.toString(),
                    new TranscriptionFailed(job.id.toString(), job.userId.toString(), job.audioFileId.toString(), reason));
        });
    }

    private boolean finish(UUID jobId, Function<TranscriptionJob, Uni<?>> end) {
        boolean ended = Boolean.TRUE.equals(inTransaction(() -> locked(jobId).chain(job -> {
            if (job == null || job.finished()) {
                return Uni.createFrom().item(false);
            }
            job.finishedAt = Instant.now();
            // The client's sealed file key leaves with the job, in the transaction that ends it; so does
            // the partial text a resume would have used.
            job.sealedFileKey = null;
            job.partialTranscript = null;
            job.resumeSamples = 0;
            return end.apply(job).replaceWith(true);
        })));
        if (ended) {
            relay.publishSoon();
        }
        return ended;
    }

    /**
     * One transaction, retried while the database is unreachable: without it no job can move, so the
     * worker waits (and the consumer with it) rather than fail jobs or park good requests. After
     * {@link #DATABASE_PATIENCE} the fault is thrown: the request goes to the .dlq with the reason.
     */
    private static <T> T inTransaction(Supplier<Uni<T>> work) {
        long deadline = System.nanoTime() + DATABASE_PATIENCE.toNanos();
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                return await(() -> Panache.withTransaction(work));
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warnf("the job ledger's transaction failed (%s); retrying in %d ms", e.getClass().getSimpleName(), wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        }
    }

    private static Uni<TranscriptionJob> locked(UUID jobId) {
        return TranscriptionJob.findById(jobId, LockModeType.PESSIMISTIC_WRITE);
    }

    private static void move(TranscriptionJob job, JobStatus status, int percent) {
        job.status = status;
        job.progress = Math.max(0, Math.min(100, percent));
        job.updatedAt = Instant.now();
    }
}
