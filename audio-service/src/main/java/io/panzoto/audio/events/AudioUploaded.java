package io.panzoto.audio.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code audio.uploaded}: an encrypted recording is in place in S3 and registered. Ids and sizes only. */
public record AudioUploaded(@JsonProperty("audio_file_id") String audioFileId, @JsonProperty("user_id") String userId,
                            @JsonProperty("s3_key") String s3Key, @JsonProperty("file_size") long fileSize,
                            @JsonProperty("format") String format) {
    public static final String TOPIC = "audio.uploaded";
}
