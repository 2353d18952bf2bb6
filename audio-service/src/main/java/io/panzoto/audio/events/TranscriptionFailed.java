package io.panzoto.audio.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code audio.transcription-failed}: the job ended without a transcript, with a reason code. */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record TranscriptionFailed(@JsonProperty("job_id") String jobId, @JsonProperty("user_id") String userId,
                                  @JsonProperty("audio_file_id") String audioFileId, @JsonProperty("reason") String reason) {
    public static final String TOPIC = "audio.transcription-failed";
}
