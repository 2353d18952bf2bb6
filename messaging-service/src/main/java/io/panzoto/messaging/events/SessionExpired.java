package io.panzoto.messaging.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code messaging.session-expired}: a SecureSession and everything in it was destroyed. Ids and the
 * reason only ({@code expired}, {@code ended}, {@code account_deleted}); replicas use it to close the
 * session's sockets. Keyed by the session id.
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record SessionExpired(@JsonProperty("session_id") String sessionId, @JsonProperty("reason") String reason) {
    public static final String TOPIC = "messaging.session-expired";
    public static final String TYPE = "messaging.session-expired";
    public static final int SCHEMA_VERSION = 1;
}
