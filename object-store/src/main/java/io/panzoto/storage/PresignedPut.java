package io.panzoto.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A URL that lets its holder PUT one object: the headers it must send with it (the host aside) and when
 * it stops working.
 */
public record PresignedPut(String url, Map<String, String> headers, Instant expiresAt) {
    @Override
    public String toString() {
        return "PresignedPut[until " + expiresAt + "]";
    }
}
