package io.panzoto.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A platform event as a consumer receives it: the envelope's fields, the body still JSON. */
public record InboundEvent(UUID eventId, String type, Instant occurredAt, int schemaVersion, String aggregateId, JsonNode body) {
}
