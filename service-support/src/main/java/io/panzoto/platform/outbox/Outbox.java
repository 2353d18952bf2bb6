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
    /** The head of an SQL insert of {@link #prepare}d rows, for statements that write their event themselves. */
    public static final String INSERT_INTO = "INSERT INTO outbox_events (event_id, topic, aggregate_id, event_type, payload, created_at)\n";

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Uni<EventEnvelope> append(String topic, String type, int schemaVersion, String aggregateId, Object body) {
        PendingEvent event;
        try {
            event = prepare(topic, type, schemaVersion, aggregateId, body);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return OutboxEvent.of(topic, event.envelope(), event.payload()).persist().replaceWith(event.envelope());
    }

    /**
     * The row {@link #append} would write, for a hot path that writes its state change and its event in
     * one SQL statement of its own (beginning {@link #INSERT_INTO}). Where the statement itself makes an id the event names (a new
     * row's identity), the body carries a stand-in and the statement sets the field with
     * {@code jsonb_set}; the envelope's format stays this class's alone.
     */
    public PendingEvent prepare(String topic, String type, int schemaVersion, String aggregateId, Object body) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, Instant.now(), schemaVersion, aggregateId,
                mapper.valueToTree(body));
        try {
            return new PendingEvent(topic, envelope, mapper.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event body is not serialisable: " + type, e);
        }
    }

    /** An event's outbox row before it is written: the envelope and its JSON text. */
    public record PendingEvent(String topic, EventEnvelope envelope, String payload) {
    }
}
