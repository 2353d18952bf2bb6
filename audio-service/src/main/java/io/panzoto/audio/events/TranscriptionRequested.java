package io.panzoto.audio.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * {@code audio.transcription-requested}: decrypt and transcribe one recording. The key travels only
 * as {@code sealed_key}: a {@code SealedJobKey} box to the transcriber's X25519 key named by
 * {@code transcriber_key_id}, bound to the job and expiring at {@code key_expires_at}. The outbox
 * clears the payload once published, and a dead letter never carries it.
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record TranscriptionRequested(@JsonProperty("job_id") String jobId, @JsonProperty("user_id") String userId,
                                     @JsonProperty("audio_file_id") String audioFileId, @JsonProperty("s3_key") String s3Key,
                                     @JsonProperty("format") String format, @JsonProperty("sealed_key") String sealedKey,
                                     @JsonProperty("key_expires_at") Instant keyExpiresAt,
                                     @JsonProperty("transcriber_key_id") String transcriberKeyId) {
    public static final String TOPIC = "audio.transcription-requested";

    @Override
    public String toString() {
        return "TranscriptionRequested[job " + jobId + "]";
    }
}
