package io.panzoto.audio.files;

import com.fasterxml.jackson.annotation.JsonValue;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.persistence.LowerCaseEnumColumn;
import jakarta.persistence.Converter;
import java.util.Locale;

/**
 * How a recording is encrypted: {@code v0}, the Android app's file (IV ‖ AES-256-GCM ‖ tag under the
 * password-derived key), or {@code v1} (common-crypto StreamingAeadV1, AAD = the object key). Written in
 * lower case in JSON, events and the {@code format} column.
 */
public enum RecordingFormat {
    V0, V1;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a client declares; the Android app sends none, which means v0. Anything else is 400. */
    public static RecordingFormat declared(String format) {
        String value = format == null || format.isBlank() ? "v0" : format.trim();
        for (RecordingFormat known : values()) {
            if (known.value().equals(value)) {
                return known;
            }
        }
        throw ApiException.badRequest("invalid_format", "format must be v0 or v1");
    }

    @Converter(autoApply = true)
    public static class Column extends LowerCaseEnumColumn<RecordingFormat> {
        public Column() {
            super(RecordingFormat.class);
        }
    }
}
