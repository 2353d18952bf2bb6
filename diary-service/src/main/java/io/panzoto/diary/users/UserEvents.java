package io.panzoto.diary.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.diary.entries.Entry;
import io.panzoto.platform.inbox.InboundEvent;
import io.panzoto.platform.inbox.Inbox;
import io.panzoto.platform.inbox.UnreadableEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code auth.user-deleted}: every entry of the user goes, with its history (the destroyed data key had
 * already made a uce diary unreadable). Through the platform's Inbox: once per event, an outage waited
 * out, an unreadable record on the .dlq.
 */
@ApplicationScoped
public class UserEvents {
    private static final Logger LOG = Logger.getLogger(UserEvents.class);
    private static final Inbox.Patience PATIENCE = new Inbox.Patience(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1));

    private final Inbox inbox;

    public UserEvents(Inbox inbox) {
        this.inbox = inbox;
    }

    /** The body of auth.user-deleted. */
    record Deleted(@JsonProperty("user_id") UUID userId) {
    }

    @Incoming("user-deleted")
    public Uni<Void> deleted(String payload) {
        InboundEvent event = inbox.parse(payload);
        UUID userId = inbox.body(event, Deleted.class).userId();
        if (userId == null) {
            throw new UnreadableEventException("a deletion without a user id");
        }
        return Inbox.patiently(() -> inbox.once("diary.user-deleted", event.eventId(), () -> Entry.deleteAllOf(userId)
                        .invoke(count -> LOG.infof("deleted %d entries of a deleted user", count))), PATIENCE)
                .replaceWithVoid();
    }
}
