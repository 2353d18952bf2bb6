package io.panzoto.audio.transcription;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One decrypt-and-transcribe job. It never holds a usable key: a job started by its upload holds the
 * client's file key sealed to the transcriber until it ends; the transcript is sealed under the file's key.
 */
@Entity
@Table(name = "transcription_jobs")
public class TranscriptionJob extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "audio_file_id", nullable = false)
    public UUID audioFileId;

    @Column(nullable = false)
    public JobStatus status;

    @Column(nullable = false)
    public int progress;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "failure_reason")
    public String failureReason;

    /** IV || AES-256-GCM ciphertext || tag of the text, AAD = the file id (common-crypto AndroidTranscript). */
    @Column(name = "transcript")
    public byte[] transcript;

    @Column(name = "key_expires_at", nullable = false)
    public Instant keyExpiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** {@code request} (decrypt-audio: the key travels sealed in the Kafka request) or {@code upload}. */
    @Column(nullable = false)
    public String source = SOURCE_REQUEST;

    /** An upload job's file key, sealed by the client to the transcriber; erased when the job ends. */
    @Column(name = "sealed_file_key")
    public byte[] sealedFileKey;

    @Column(name = "transcriber_key_id")
    public String transcriberKeyId;

    /** How much of the decoded audio (16 kHz samples) a stopped attempt recognised; 0 to start afresh. */
    @Column(name = "resume_samples", nullable = false)
    public long resumeSamples;

    /** The text recognised from those samples, sealed under the job's key (AAD = file id + "/partial"). */
    @Column(name = "partial_transcript")
    public byte[] partialTranscript;

    public static final String SOURCE_REQUEST = "request";
    public static final String SOURCE_UPLOAD = "upload";

    public boolean finished() {
        return status.finished();
    }

    @Override
    public String toString() {
        return "TranscriptionJob[" + id + ", " + status + ", " + source + "]";
    }

    /** The user's job with this id, or null: another user's job is not found either. */
    public static Uni<TranscriptionJob> ofUser(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    /** The file's newest job that has not failed, or null. */
    public static Uni<TranscriptionJob> newestUnfailedFor(UUID audioFileId) {
        return find("audioFileId = ?1 and status <> ?2 order by createdAt desc", audioFileId, JobStatus.FAILED).firstResult();
    }

    /** The job its upload started for this file, or null. */
    public static Uni<TranscriptionJob> startedByUpload(UUID audioFileId) {
        return find("audioFileId = ?1 and source = ?2", audioFileId, SOURCE_UPLOAD).firstResult();
    }

    /** Queued jobs whose sealed key expires before the cutoff: they can never start. */
    public static Uni<List<TranscriptionJob>> queuedExpiringBefore(Instant cutoff) {
        return list("status = ?1 and keyExpiresAt < ?2", JobStatus.QUEUED, cutoff);
    }
}
