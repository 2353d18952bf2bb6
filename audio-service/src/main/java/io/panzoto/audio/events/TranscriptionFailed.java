package io.panzoto.audio.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code audio.transcription-failed}: the job ended without a transcript, with a reason code. */
public record TranscriptionFailed(@JsonProperty("job_id") String jobId, @JsonProperty("user_id") String userId,
                                  @JsonProperty("audio_file_id") String audioFileId, @JsonProperty("reason") String reason) {
    public static final String TOPIC = "audio.transcription-failed";
}
