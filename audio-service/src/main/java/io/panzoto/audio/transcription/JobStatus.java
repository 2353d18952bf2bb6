package io.panzoto.audio.transcription;

import com.fasterxml.jackson.annotation.JsonValue;
import io.panzoto.platform.persistence.LowerCaseEnumColumn;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Where a transcription job is; written in lower case in JSON and in the {@code status} column. */
public enum JobStatus {
    QUEUED, DECRYPTING, TRANSCRIBING, DONE, FAILED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == DONE || this == FAILED;
    }

    /** The column keeps the lower-case names it always had. */
    @Converter(autoApply = true)
    public static class Column extends LowerCaseEnumColumn<JobStatus> {
        public Column() {
            super(JobStatus.class);
        }
    }
}
