package io.panzoto.messaging.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code messaging.message-received}: a sealed box arrived for a link. Ids only; replicas use it to tell
 * their WebSocket subscribers, who then fetch. Keyed by the link id, so one link's events stay in order.
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record MessageReceived(@JsonProperty("client_id") long clientId, @JsonProperty("message_id") long messageId) {
    public static final String TOPIC = "messaging.message-received";
    public static final String TYPE = "messaging.message-received";
    public static final int SCHEMA_VERSION = 1;
}
