package io.panzoto.audio.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.audio.config.AudioConfig;
import io.panzoto.audio.files.AudioFile;
import io.panzoto.crypto.Bytes;
import io.panzoto.platform.inbox.InboundEvent;
import io.panzoto.platform.inbox.Inbox;
import io.panzoto.platform.inbox.UnreadableEventException;
import io.panzoto.storage.ObjectStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps audio-service's view of users: the key salt from {@code auth.user-registered}, and on
 * {@code auth.user-deleted} every object, record and key of that user gone. Through the platform's
 * {@link Inbox}: applied once per event id, the offset committed after the work, an unreadable event
 * on the topic's .dlq.
 */
@ApplicationScoped
public class UserEvents {
    private static final Logger LOG = Logger.getLogger(UserEvents.class);

    private final Inbox inbox;
    private final ObjectStore store;
    private final AudioConfig config;

    public UserEvents(Inbox inbox, ObjectStore store, AudioConfig config) {
        this.inbox = inbox;
        this.store = store;
        this.config = config;
    }

    /** The body of auth.user-registered, as far as this service reads it. */
    @RegisterForReflection
    record Registered(@JsonProperty("user_id") UUID userId, @JsonProperty("key_salt") String keySalt, @JsonProperty("tier") String tier) {
        @Override
        public String toString() {
            return "Registered[" + userId + "]";
        }
    }

    @Incoming("user-registered")
    public Uni<Void> registered(String payload) {
        InboundEvent event = inbox.parse(payload);
        Registered registered = inbox.body(event, Registered.class);
        byte[] salt = registered.keySalt() == null ? new byte[0] : Bytes.fromHex(registered.keySalt());
        if (registered.userId() == null || salt.length != 32) {
            throw new UnreadableEventException("a registration without a user id or a 32-byte key_salt");
        }
        UUID userId = registered.userId();
        return inbox.once("audio.user-registered", event.eventId(), () -> UserKey.<UserKey>findById(userId).chain(existing -> {
            UserKey key = existing != null ? existing : new UserKey();
            key.userId = userId;
            key.keySalt = salt;
            key.tier = registered.tier() == null ? "uce" : registered.tier();
            key.registeredAt = event.occurredAt();
            return existing != null ? Uni.createFrom().voidItem() : key.persist().replaceWithVoid();
        })).replaceWithVoid();
    }

    /**
     * Deletes everything of the user. A fault (S3 or the database unreachable) is retried with doubling
     * waits for the configured patience, so an outage delays a deletion and never parks it on the .dlq
     * with the user's recordings still stored; only an unreadable event goes there at once.
     */
    @Incoming("user-deleted")
    public Uni<Void> deleted(String payload) {
        InboundEvent event = inbox.parse(payload);
        UUID userId = inbox.deletedUser(event);
        AudioConfig.Deletion patience = config.deletion();
        // Objects first: deleting them again on a redelivery is harmless, records without objects are not.
        return Inbox.patiently(() -> Multi.createFrom().iterable(AudioFile.prefixesOf(userId))
                .onItem().transformToUniAndConcatenate(store::deletePrefix)
                .collect().with(Collectors.summingLong(Number::longValue))
                .invoke(count -> LOG.infof("deleted %d objects of a deleted user", count))
                .chain(() -> inbox.once("audio.user-deleted", event.eventId(), () -> AudioFile.delete("userId", userId)
                        .chain(() -> UserKey.delete("userId", userId))))
                .onFailure().invoke(failure -> LOG.warnf("deleting a deleted user's data failed (%s); retrying",
                        failure.getClass().getSimpleName())), new Inbox.Patience(patience.firstWait(), patience.maxWait(), patience.giveUpAfter()))
                .replaceWithVoid();
    }
}
