package io.panzoto.audio.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code audio.uploaded}: an encrypted recording is in place in S3 and registered. Ids and sizes only. */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record AudioUploaded(@JsonProperty("audio_file_id") String audioFileId, @JsonProperty("user_id") String userId,
                            @JsonProperty("s3_key") String s3Key, @JsonProperty("file_size") long fileSize,
                            @JsonProperty("format") String format) {
    public static final String TOPIC = "audio.uploaded";
}
