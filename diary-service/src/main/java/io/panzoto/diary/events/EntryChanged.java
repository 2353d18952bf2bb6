package io.panzoto.diary.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code diary.entry-changed}: an entry was created, updated, deleted, restored or purged. Ids, version
 * and kind only, never content or metadata; keyed by the entry id, so one entry's changes stay in order.
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record EntryChanged(@JsonProperty("entry_id") String entryId, @JsonProperty("user_id") String userId,
                           @JsonProperty("version") int version, @JsonProperty("kind") String kind) {
    public static final String TOPIC = "diary.entry-changed";
    public static final String TYPE = "diary.entry-changed";
    public static final int SCHEMA_VERSION = 1;
}
