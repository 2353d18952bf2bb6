package io.panzoto.auth.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.revocation.RevokedSessions;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code auth.sessions-revoked}, for one session (a logout): every access token and data-key ticket
 * naming {@code session_id} is void; readers may forget it after {@code until_ms}, when none could live.
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record SessionEnded(@JsonProperty("user_id") String userId, @JsonProperty("session_id") String sessionId,
                           @JsonProperty("until_ms") long untilMillis) {
    public static final String TOPIC = RevokedSessions.TOPIC;
}
