package io.panzoto.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A URL that lets its holder GET one object until it stops working. */
public record PresignedGet(@JsonProperty("url") String url, @JsonProperty("expires_at") Instant expiresAt) {
    @Override
    public String toString() {
        return "PresignedGet[until " + expiresAt + "]";
    }
}
