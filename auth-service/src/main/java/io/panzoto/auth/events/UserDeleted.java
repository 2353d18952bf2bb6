package io.panzoto.auth.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code auth.user-deleted}: every service deletes the user's data. */
public record UserDeleted(@JsonProperty("user_id") String userId) {
    public static final String TOPIC = "auth.user-deleted";
}
