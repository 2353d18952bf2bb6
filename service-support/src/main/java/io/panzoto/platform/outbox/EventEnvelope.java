package io.panzoto.platform.outbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/**
 * Every Kafka event of the platform: an id consumers deduplicate by, its type, when it happened, the
 * schema version of its body, and the aggregate it concerns (also the record key).
 */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record EventEnvelope(
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("type") String type,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("aggregate_id") String aggregateId,
        @JsonProperty("body") JsonNode body) {
}
