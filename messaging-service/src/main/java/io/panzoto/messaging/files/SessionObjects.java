package io.panzoto.messaging.files;

import io.panzoto.messaging.events.SessionExpired;
import io.panzoto.platform.inbox.Inbox;
import io.panzoto.storage.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * A destroyed session's files leave the bucket: on {@code messaging.session-expired} (whatever ended the
 * session: TTL, DELETE, an account's deletion) everything under {@code sessions/<id>/} is deleted. The
 * rows went with the session in the transaction that recorded the event, so the event is the promise
 * that the objects follow; an S3 outage is waited out, and a repeat deletes nothing twice.
 */
@ApplicationScoped
public class SessionObjects {
    private static final Logger LOG = Logger.getLogger(SessionObjects.class);
    private static final Inbox.Patience PATIENCE = new Inbox.Patience(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(6));

    private final Inbox inbox;
    private final ObjectStore objects;

    public SessionObjects(Inbox inbox, ObjectStore objects) {
        this.inbox = inbox;
        this.objects = objects;
    }

    @Incoming("session-files")
    public Uni<Void> destroyed(String payload) {
        SessionExpired expired = inbox.body(inbox.parse(payload), SessionExpired.class);
        String prefix = "sessions/" + UUID.fromString(expired.sessionId()) + "/";
        return Inbox.patiently(() -> objects.deletePrefix(prefix), PATIENCE)
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("deleted %d files of a destroyed session", count);
                    }
                })
                .replaceWithVoid();
    }
}
