package io.panzoto.messaging.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code messaging.link-revoked}: a link's fetch token was rotated or the link was deleted. Every replica
 * closes its WebSocket subscriptions of the link, which were proved with the old credentials; the
 * owner subscribes again with the new ones. Ids only, keyed by the link id.
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record LinkRevoked(@JsonProperty("client_id") long clientId, @JsonProperty("reason") String reason) {
    public static final String TOPIC = "messaging.link-revoked";
    public static final String TYPE = "messaging.link-revoked";
    public static final int SCHEMA_VERSION = 1;
    public static final String FETCH_TOKEN_ROTATED = "fetch_token_rotated";
    public static final String DELETED = "deleted";
}
