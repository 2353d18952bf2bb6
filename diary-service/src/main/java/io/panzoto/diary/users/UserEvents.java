package io.panzoto.diary.users;

import io.panzoto.diary.entries.Entry;
import io.panzoto.diary.imports.ImportService;
import io.panzoto.diary.integrations.FacebookConnection;
import io.panzoto.diary.media.MediaService;
import io.panzoto.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code auth.user-deleted}: every entry of the user goes, with its history, and every media file from S3
 * (the destroyed data key had already made a uce diary unreadable). Through the platform's Inbox: once per event, an outage waited
 * out, an unreadable record on the .dlq.
 */
@ApplicationScoped
public class UserEvents {
    private static final Logger LOG = Logger.getLogger(UserEvents.class);
    private static final Inbox.Patience PATIENCE = new Inbox.Patience(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1));

    private final Inbox inbox;
    private final MediaService media;
    private final FacebookConnection facebook;

    public UserEvents(Inbox inbox, MediaService media, FacebookConnection facebook) {
        this.inbox = inbox;
        this.facebook = facebook;
        this.media = media;
    }

    @Incoming("user-deleted")
    public Uni<Void> deleted(String payload) {
        // Media first (their objects, then rows), so a retry after an S3 outage finds the rows still there.
        return inbox.onceForDeletedUser(payload, "diary.user-deleted", PATIENCE, userId -> media.deleteAllOf(userId)
                        .invoke(count -> LOG.infof("deleted %d media objects of a deleted user", count))
                        .chain(() -> facebook.deleteAllOf(userId))
                        .chain(() -> ImportService.deleteAllOf(userId))
                        .chain(() -> Entry.deleteAllOf(userId))
                        .invoke(count -> LOG.infof("deleted %d entries of a deleted user", count)))
                .replaceWithVoid();
    }
}
