package io.panzoto.diary.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/**
 * Graph's {@code X-App-Usage} header ({@code {"call_count":n,"total_cputime":n,"total_time":n}}, each a
 * percentage of the app's hourly allowance): at or above the threshold the importer pauses before its
 * next call instead of running into error 4.
 */
final class AppUsage {
    static final String HEADER = "X-App-Usage";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AppUsage() {
    }

    /** The highest of the three figures, or -1 when the header is missing or unreadable. */
    static int percent(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            JsonNode usage = MAPPER.readTree(header);
            return Math.max(usage.path("call_count").asInt(-1), Math.max(usage.path("total_cputime").asInt(-1), usage.path("total_time").asInt(-1)));
        } catch (Exception e) {
            return -1;
        }
    }

    static Duration pauseAfter(String header, int threshold, Duration pause) {
        return percent(header) >= threshold ? pause : Duration.ZERO;
    }
}
