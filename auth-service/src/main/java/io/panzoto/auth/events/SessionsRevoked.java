package io.panzoto.auth.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.revocation.RevokedSessions;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code auth.sessions-revoked}: every access token of the user issued before {@code not_before_ms} is void. */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record SessionsRevoked(@JsonProperty("user_id") String userId, @JsonProperty("not_before_ms") long notBeforeMillis) {
    public static final String TOPIC = RevokedSessions.TOPIC;
}
