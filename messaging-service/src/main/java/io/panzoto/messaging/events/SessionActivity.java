package io.panzoto.messaging.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code messaging.session-activity}: something new in a SecureSession that its open sockets should see
 * ({@code kind}: {@code message}, {@code file} or {@code key}, with the new thing's id: a message id, a
 * file id, the user whose session key it is). Ids only, never ciphertext: every replica reads the row
 * and tells its own sockets. Keyed by the session id.
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record SessionActivity(@JsonProperty("session_id") String sessionId, @JsonProperty("kind") String kind,
                              @JsonProperty("id") String id) {
    public static final String TOPIC = "messaging.session-activity";
    public static final String TYPE = "messaging.session-activity";
    public static final int SCHEMA_VERSION = 1;

    public static final String MESSAGE = "message";
    public static final String FILE = "file";
    public static final String KEY = "key";
}
