package io.panzoto.audio.transcription;

import static io.panzoto.platform.concurrent.Workers.onWorker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.audio.auth.PasswordCheck;
import io.panzoto.audio.config.AudioConfig;
import io.panzoto.audio.events.TranscriptionRequested;
import io.panzoto.audio.files.AudioFile;
import io.panzoto.audio.files.AudioFiles;
import io.panzoto.audio.users.UserKey;
import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.audio.AndroidTranscript;
import io.panzoto.crypto.kdf.Pbkdf2;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.platform.outbox.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Decrypt-and-transcribe requests: the password is checked by auth-service, the file key derived here
 * (PBKDF2 with the user's key salt, on a worker thread) and sealed to the transcriber with the job;
 * the job row and its Kafka request are written in one transaction through the outbox.
 */
@ApplicationScoped
public class TranscriptionRequests {
    /** A queued job whose key expires sooner than this is not reused: it might not start in time. */
    private static final Duration REUSE_MARGIN = Duration.ofMinutes(5);

    private final AudioFiles files;
    private final PasswordCheck passwords;
    private final JobKeys jobKeys;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final AudioConfig config;

    public TranscriptionRequests(AudioFiles files, PasswordCheck passwords, JobKeys jobKeys, Outbox outbox, OutboxRelay relay,
                                 AudioConfig config) {
        this.files = files;
        this.passwords = passwords;
        this.jobKeys = jobKeys;
        this.outbox = outbox;
        this.relay = relay;
        this.config = config;
    }

    /** What a client sees of a job; the transcript only as ciphertext, and only once done. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobView(@JsonProperty("job_id") String jobId, @JsonProperty("audio_file_id") String audioFileId,
                          @JsonProperty("status") JobStatus status, @JsonProperty("progress") int progress,
                          @JsonProperty("attempts") int attempts,
                          @JsonProperty("failure_reason") String failureReason,
                          @JsonProperty("encrypted_transcript") String encryptedTranscript,
                          @JsonProperty("created_at") Instant createdAt, @JsonProperty("finished_at") Instant finishedAt) {
        public static JobView of(TranscriptionJob job) {
            return new JobView(job.id.toString(), job.audioFileId.toString(), job.status, job.progress, job.attempts, job.failureReason,
                    job.transcript == null ? null : Base64.getEncoder().encodeToString(job.transcript), job.createdAt, job.finishedAt);
        }
    }

    /** A queued (or reused) job and the file it is for. */
    public record Accepted(TranscriptionJob job, AudioFile file) {
    }

    /**
     * Queues a job for the caller's file, or answers the job already under way or done for it. A wrong
     * password fails here (401) and queues nothing; the password is checked before the file is looked up.
     */
    public Uni<Accepted> request(UUID userId, String bearer, String password, String fileId, String s3Key) {
        if (password == null || password.isEmpty()) {
            throw ApiException.badRequest("missing_fields", "password and file_id or s3_key are required");
        }
        AudioFiles.requireReference(fileId, s3Key);
        // As the seeds: the password is checked (401) before the file is looked up (404).
        return passwords.verify(bearer, password).chain(salt -> files.owned(userId, fileId, s3Key)
                .chain(file -> Panache.withSession(() -> reusable(file))
                        .chain(existing -> existing != null
                                ? Uni.createFrom().item(new Accepted(existing, file))
                                : queue(userId, password, file, salt).map(job -> new Accepted(job, file)))));
    }

    /** The caller's job; 404 when it is not theirs. */
    @WithSession
    public Uni<JobView> status(UUID userId, String jobId) {
        return owned(userId, jobId).map(JobView::of);
    }

    /** The transcript in clear, for a caller who sends the password again; never stored or logged. */
    public Uni<String> decryptedTranscript(UUID userId, String bearer, String jobId, String password) {
        if (password == null || password.isEmpty()) {
            throw ApiException.badRequest("missing_fields", "password is required");
        }
        return Panache.withSession(() -> owned(userId, jobId)).chain(job -> {
            if (job.status != JobStatus.DONE) {
                throw ApiException.conflict("not_done", "the job is " + job.status.value() + "; there is no transcript yet");
            }
            return passwords.verify(bearer, password)
                    .chain(salt -> keySalt(userId, salt))
                    .chain(keySalt -> onWorker(() -> {
                        try (SecretBytes fileKey = Pbkdf2.deriveAndroidKey(password, keySalt)) {
                            return AndroidTranscript.open(fileKey, job.audioFileId.toString(), job.transcript);
                        } catch (AuthenticationFailedException e) {
                            // The password is right (auth-service said so) but the key salt changed since.
                            throw ApiException.conflict("key_changed", "the transcript was sealed under an earlier key");
                        }
                    }));
        });
    }

    /**
     * The user's key salt: the one auth-service gave with the password check (so a user can ask right
     * after registering), else the copy from {@code auth.user-registered}.
     */
    private static Uni<byte[]> keySalt(UUID userId, byte[] fromPasswordCheck) {
        if (fromPasswordCheck != null) {
            return Uni.createFrom().item(fromPasswordCheck);
        }
        return Panache.withSession(() -> UserKey.<UserKey>findById(userId)).map(key -> {
            if (key == null) {
                throw keySaltUnknown();
            }
            return key.keySalt;
        });
    }

    private Uni<TranscriptionJob> queue(UUID userId, String password, AudioFile file, byte[] saltFromPasswordCheck) {
        return keySalt(userId, saltFromPasswordCheck).chain(keySalt -> {
            UUID jobId = UUID.randomUUID();
            Instant expiresAt = Instant.now().plus(config.transcriber().keyTtl());
            return onWorker(() -> {
                try (SecretBytes fileKey = Pbkdf2.deriveAndroidKey(password, keySalt)) {
                    return jobKeys.seal(fileKey, jobId, expiresAt);
                }
            }).chain(sealed -> Panache.withTransaction(() -> {
                TranscriptionJob job = new TranscriptionJob();
                job.id = jobId;
                job.userId = userId;
                job.audioFileId = file.id;
                job.status = JobStatus.QUEUED;
                job.keyExpiresAt = expiresAt;
                job.createdAt = Instant.now();
                job.updatedAt = job.createdAt;
                return job.<TranscriptionJob>persist().call(saved -> outbox.append(TranscriptionRequested.TOPIC,
                        TranscriptionRequested.TOPIC, 1, file.id.toString(), new TranscriptionRequested(jobId.toString(),
                                userId.toString(), file.id.toString(), file.s3Key, file.format.value(), Base64.getEncoder().encodeToString(sealed.box()),
                                expiresAt, sealed.keyId())));
            })).invoke(relay::publishSoon);
        });
    }

    /** The newest job for the file that is done, or under way with time left on its key. */
    private static Uni<TranscriptionJob> reusable(AudioFile file) {
        return TranscriptionJob.newestUnfailedFor(file.id).map(job -> job != null
                && (job.finished() || job.keyExpiresAt.isAfter(Instant.now().plus(REUSE_MARGIN))) ? job : null);
    }

    private static Uni<TranscriptionJob> owned(UUID userId, String jobId) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().failure(ApiException.notFound("no such transcription job"));
        }
        return TranscriptionJob.ofUser(userId, id).onItem().ifNull().failWith(() -> ApiException.notFound("no such transcription job"));
    }

    private static ApiException keySaltUnknown() {
        return ApiException.conflict("key_salt_unknown", "this account's key salt has not reached audio-service yet; retry shortly");
    }
}
