package io.panzoto.platform.inbox;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How every consumer of the platform's events takes them in: {@link #parse} reads the envelope (an
 * unreadable record is an {@link UnreadableEventException}, for the .dlq), {@link #body} maps the body to
 * the consumer's record, {@link #once} applies an event exactly once per consumer (its id is claimed in
 * {@code inbox_events} in the same transaction as the work, so a redelivery after a crash or a rebalance
 * finds it claimed and does nothing), and {@link #patiently} retries a fault with doubling waits.
 */
@ApplicationScoped
public class Inbox {
    private final ObjectMapper mapper;
    private final MeterRegistry registry;

    public Inbox(ObjectMapper mapper, MeterRegistry registry) {
        // Unknown body fields are a newer producer's additions, not an error.
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.registry = registry;
    }

    /** {@code panzoto_events_consumed_total{type}} and {@code panzoto_events_failed_total{type}}: what came in, per kind. */
    private void count(String outcome, String type) {
        registry.counter("panzoto.events." + outcome, "type", type == null || type.isBlank() ? "unknown" : type).increment();
    }

    /** The envelope of a record's value. */
    public InboundEvent parse(String payload) {
        try {
            InboundEvent event = envelope(payload);
            count("consumed", event.type());
            return event;
        } catch (UnreadableEventException e) {
            count("failed", null);
            throw e;
        }
    }

    private InboundEvent envelope(String payload) {
        JsonNode envelope;
        try {
            envelope = payload == null ? null : mapper.readTree(payload);
        } catch (Exception e) {
            throw new UnreadableEventException("not JSON", e);
        }
        if (envelope == null || !envelope.isObject() || !envelope.path("body").isObject()) {
            throw new UnreadableEventException("not a platform event envelope");
        }
        try {
            return new InboundEvent(UUID.fromString(envelope.path("event_id").asText()), envelope.path("type").asText(null),
                    Instant.parse(envelope.path("occurred_at").asText()), envelope.path("schema_version").asInt(1),
                    envelope.path("aggregate_id").asText(null), envelope.path("body"));
        } catch (RuntimeException e) {
            throw new UnreadableEventException("an envelope without a valid event_id or occurred_at", e);
        }
    }

    /** The body as the consumer's record; a body that does not map is unreadable. */
    public <T> T body(InboundEvent event, Class<T> type) {
        try {
            T body = mapper.treeToValue(event.body(), type);
            if (body == null) {
                throw new UnreadableEventException("an empty " + type.getSimpleName());
            }
            return body;
        } catch (UnreadableEventException e) {
            count("failed", event.type());
            throw e;
        } catch (Exception e) {
            count("failed", event.type());
            throw new UnreadableEventException("not a " + type.getSimpleName() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The body of {@code auth.user-deleted}, which every service that keeps a user's data consumes. */
    @RegisterForReflection
    public record UserDeleted(@JsonProperty("user_id") UUID userId) {
    }

    /** The deleted user of an {@code auth.user-deleted} event; one without a user id is unreadable. */
    public UUID deletedUser(InboundEvent event) {
        UUID userId = body(event, UserDeleted.class).userId();
        if (userId == null) {
            throw new UnreadableEventException("a deletion without a user id");
        }
        return userId;
    }

    /**
     * Applies an {@code auth.user-deleted} record once for this consumer, in one transaction with its
     * claim, retried with the patience through an outage (a deletion must not land on the .dlq with the
     * data still kept); only an unreadable record fails at once.
     */
    public Uni<Boolean> onceForDeletedUser(String payload, String consumer, Patience patience, Function<UUID, Uni<?>> work) {
        InboundEvent event = parse(payload);
        UUID userId = deletedUser(event);
        return patiently(() -> once(consumer, event.eventId(), () -> work.apply(userId)), patience);
    }

    /**
     * Runs the work in a transaction that first claims the event for this consumer; completes with false,
     * doing nothing, if the consumer already applied it. Work that fails rolls the claim back with it.
     */
    public Uni<Boolean> once(String consumer, UUID eventId, Supplier<Uni<?>> work) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "INSERT INTO inbox_events (consumer, event_id, processed_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                        .setParameter(1, consumer).setParameter(2, eventId).setParameter(3, Instant.now())
                        .executeUpdate())
                .chain(claimed -> claimed == 0 ? Uni.createFrom().item(false) : work.get().replaceWith(true)));
    }

    /** How long a consumer keeps retrying a fault (a database or S3 outage) before the record goes to the .dlq. */
    public record Patience(Duration firstWait, Duration maxWait, Duration giveUpAfter) {
    }

    /**
     * The work, retried on any fault but an unreadable event with doubling waits within the patience:
     * an outage delays an event, it does not park it on the .dlq.
     */
    public static <T> Uni<T> patiently(Supplier<Uni<T>> work, Patience patience) {
        return Uni.createFrom().deferred(work::get)
                .onFailure(failure -> !(failure instanceof UnreadableEventException)).retry()
                .withBackOff(patience.firstWait(), patience.maxWait()).expireIn(patience.giveUpAfter().toMillis());
    }
}
