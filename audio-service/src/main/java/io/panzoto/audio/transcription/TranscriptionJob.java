package io.panzoto.audio.transcription;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One decrypt-and-transcribe job. It never holds the key; the transcript is sealed under the user's key. */
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

    public boolean finished() {
        return status.finished();
    }

    @Override
    public String toString() {
        return "TranscriptionJob[" + id + ", " + status + "]";
    }
}
