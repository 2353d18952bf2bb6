package io.panzoto.audio.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.audio.config.AudioConfig;
import io.panzoto.audio.files.AudioFile;
import io.panzoto.audio.storage.ObjectStore;
import io.panzoto.crypto.Bytes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps audio-service's view of users: the key salt from {@code auth.user-registered}, and on
 * {@code auth.user-deleted} every object, record and key of that user gone. Idempotent by event id;
 * the offset is committed after the work; an unreadable event goes to the topic's .dlq.
 */
@ApplicationScoped
public class UserEvents {
    private static final Logger LOG = Logger.getLogger(UserEvents.class);

    private final ObjectMapper mapper;
    private final ObjectStore store;
    private final AudioConfig config;

    public UserEvents(ObjectMapper mapper, ObjectStore store, AudioConfig config) {
        this.mapper = mapper;
        this.store = store;
        this.config = config;
    }

    @Incoming("user-registered")
    public Uni<Void> registered(String payload) {
        Event event = parse(payload);
        UUID userId = UUID.fromString(event.body().path("user_id").asText());
        byte[] salt = Bytes.fromHex(event.body().path("key_salt").asText());
        if (salt.length != 32) {
            throw new IllegalArgumentException("key_salt must be 32 bytes");
        }
        String tier = event.body().path("tier").asText("uce");
        return once(event.id(), () -> UserKey.<UserKey>findById(userId).chain(existing -> {
            UserKey key = existing != null ? existing : new UserKey();
            key.userId = userId;
            key.keySalt = salt;
            key.tier = tier;
            key.registeredAt = event.occurredAt();
            return existing != null ? Uni.createFrom().voidItem() : key.persist().replaceWithVoid();
        }));
    }

    /**
     * Deletes everything of the user. A fault (S3 or the database unreachable) is retried with doubling
     * waits for the configured patience, so an outage delays a deletion and never parks it on the .dlq
     * with the user's recordings still stored; only an unreadable event goes there at once.
     */
    @Incoming("user-deleted")
    public Uni<Void> deleted(String payload) {
        Event event = parse(payload);
        UUID userId = UUID.fromString(event.body().path("user_id").asText());
        AudioConfig.Deletion patience = config.deletion();
        // Objects first: deleting them again on a redelivery is harmless, records without objects are not.
        return Multi.createFrom().iterable(AudioFile.prefixesOf(userId))
                .onItem().transformToUniAndConcatenate(store::deletePrefix)
                .collect().with(Collectors.summingLong(Number::longValue))
                .invoke(count -> LOG.infof("deleted %d objects of a deleted user", count))
                .chain(() -> once(event.id(), () -> AudioFile.delete("userId", userId)
                        .chain(() -> UserKey.delete("userId", userId)).replaceWithVoid()))
                .onFailure().invoke(failure -> LOG.warnf("deleting a deleted user's data failed (%s); retrying",
                        failure.getClass().getSimpleName()))
                .onFailure().retry().withBackOff(patience.firstWait(), patience.maxWait()).expireIn(patience.giveUpAfter().toMillis());
    }

    private Uni<Void> once(UUID eventId, Supplier<Uni<Void>> work) {
        return Panache.withTransaction(() -> ProcessedEvent.<ProcessedEvent>findById(eventId).chain(done -> {
            if (done != null) {
                return Uni.createFrom().voidItem();
            }
            ProcessedEvent processed = new ProcessedEvent();
            processed.eventId = eventId;
            processed.processedAt = Instant.now();
            return work.get().chain(() -> processed.persist()).replaceWithVoid();
        }));
    }

    private record Event(UUID id, Instant occurredAt, JsonNode body) {
    }

    private Event parse(String payload) {
        try {
            JsonNode envelope = mapper.readTree(payload);
            return new Event(UUID.fromString(envelope.path("event_id").asText()),
                    Instant.parse(envelope.path("occurred_at").asText()), envelope.path("body"));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a platform event envelope", e);
        }
    }
}
