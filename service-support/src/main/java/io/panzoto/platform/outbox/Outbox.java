package io.panzoto.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Records an event in the same transaction as the state change it describes; {@link OutboxRelay}
 * publishes it. Call it inside that transaction ({@code @WithTransaction} or
 * {@code Panache.withTransaction}). A body must carry no secret, token or plaintext content.
 */
@ApplicationScoped
public class Outbox {
    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Uni<EventEnvelope> append(String topic, String type, int schemaVersion, String aggregateId, Object body) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, Instant.now(), schemaVersion, aggregateId,
                mapper.valueToTree(body));
        String payload;
        try {
            payload = mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event body is not serialisable: " + type, e));
        }
        return OutboxEvent.of(topic, envelope, payload).persist().replaceWith(envelope);
    }
}
