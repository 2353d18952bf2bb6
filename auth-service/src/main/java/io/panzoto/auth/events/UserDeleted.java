package io.panzoto.auth.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code auth.user-deleted}: every service deletes the user's data. */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record UserDeleted(@JsonProperty("user_id") String userId) {
    public static final String TOPIC = "auth.user-deleted";
}
