package io.panzoto.audio.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code audio.transcribed}: the sealed transcript is stored; the text itself never travels. */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record Transcribed(@JsonProperty("job_id") String jobId, @JsonProperty("user_id") String userId,
                          @JsonProperty("audio_file_id") String audioFileId, @JsonProperty("audio_seconds") double audioSeconds) {
    public static final String TOPIC = "audio.transcribed";
}
