package io.panzoto.audio.transcription;

import io.panzoto.audio.files.AudioFile;
import io.panzoto.audio.files.RecordingFormat;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.envelope.SealedFileKey;
import io.panzoto.platform.errors.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Transcription asked for by the upload itself (issue #24): a v1 recording's client sends its per-file
 * key sealed to the transcriber ({@code sealed_file_key}, {@code transcriber_key_id}); the job is queued
 * in the registration's transaction and starts from {@code audio.uploaded}. The server cannot open the
 * box (only the transcriber holds the secret key) and never learns any other key of the user.
 */
@ApplicationScoped
public class UploadTranscriptions {
    /** A job its transcriber never reaches in this long fails, and its sealed key goes with it. */
    static final Duration WAIT_LIMIT = Duration.ofHours(24);

    private final JobKeys jobKeys;

    public UploadTranscriptions(JobKeys jobKeys) {
        this.jobKeys = jobKeys;
    }

    /** A well-formed request to transcribe an upload. */
    public record Asked(byte[] sealedFileKey, String transcriberKeyId) {
        @Override
        public String toString() {
            return "Asked[" + transcriberKeyId + "]";
        }
    }

    /** What the transcriber publishes for clients: seal file keys to this key, and name it by its id. */
    public record PublishedKey(String keyId, String publicKey) {
    }

    public PublishedKey publishedKey() {
        return new PublishedKey(jobKeys.currentKeyId(), Bytes.base64(jobKeys.currentPublicKey()));
    }

    /**
     * The request, or null when the upload asks for no transcription. Both fields or neither; a v1
     * recording only (v0 keys derive from the password: decrypt-audio); a key id the transcriber holds.
     */
    public Asked asked(String sealedFileKey, String transcriberKeyId, RecordingFormat format) {
        boolean hasKey = sealedFileKey != null && !sealedFileKey.isBlank();
        boolean hasId = transcriberKeyId != null && !transcriberKeyId.isBlank();
        if (!hasKey && !hasId) {
            return null;
        }
        if (!hasKey || !hasId) {
            throw ApiException.badRequest("missing_fields", "sealed_file_key and transcriber_key_id go together");
        }
        if (format != RecordingFormat.V1) {
            throw ApiException.badRequest("format_not_v1", "only a v1 recording carries its own file key; v0 is transcribed by decrypt-audio");
        }
        byte[] box;
        try {
            box = Bytes.fromBase64(sealedFileKey.trim());
        } catch (IllegalArgumentException e) {
            box = new byte[0];
        }
        if (box.length != SealedFileKey.BYTES) {
            throw ApiException.badRequest("invalid_sealed_file_key", "sealed_file_key must be base64 of a " + SealedFileKey.BYTES
                    + "-byte sealed box (GET /api/v1/transcriber-key says how)");
        }
        if (!jobKeys.knows(transcriberKeyId.trim())) {
            throw ApiException.badRequest("unknown_transcriber_key", "transcriber_key_id is not the transcriber's; GET /api/v1/transcriber-key");
        }
        return new Asked(box, transcriberKeyId.trim());
    }

    /** Queues the job for a just-registered file; call inside the registration's transaction. */
    public Uni<TranscriptionJob> queue(AudioFile file, Asked asked) {
        TranscriptionJob job = new TranscriptionJob();
        job.id = UUID.randomUUID();
        job.userId = file.userId;
        job.audioFileId = file.id;
        job.status = JobStatus.QUEUED;
        job.source = TranscriptionJob.SOURCE_UPLOAD;
        job.sealedFileKey = asked.sealedFileKey();
        job.transcriberKeyId = asked.transcriberKeyId();
        job.createdAt = Instant.now();
        job.updatedAt = job.createdAt;
        job.keyExpiresAt = job.createdAt.plus(WAIT_LIMIT);
        return job.persist();
    }
}
