package io.panzoto.messaging.sessions;

import io.panzoto.messaging.events.SessionExpired;
import io.panzoto.platform.inbox.Inbox;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.platform.outbox.OutboxRelay;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code auth.user-deleted}: every session the user took part in is destroyed for all its participants
 * (a session is a conversation; with one side gone it ends), with {@code messaging.session-expired}
 * (reason {@code account_deleted}) recorded in the same transaction. Through the platform's Inbox: once
 * per event, an outage waited out, an unreadable record on the .dlq.
 */
@ApplicationScoped
public class DeletedAccounts {
    private static final Logger LOG = Logger.getLogger(DeletedAccounts.class);
    private static final Inbox.Patience PATIENCE = new Inbox.Patience(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1));
    private static final String SESSIONS_OF = """
            SELECT CAST(s.id AS text) FROM secure_sessions s
            WHERE EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = ?1)
            ORDER BY s.id FOR UPDATE""";
    private static final String DESTROY = """
            DELETE FROM secure_sessions s
            WHERE EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = ?1)""";

    private final Inbox inbox;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public DeletedAccounts(Inbox inbox, Outbox outbox, OutboxRelay relay) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.relay = relay;
    }

    @Incoming("user-deleted")
    public Uni<Void> deleted(String payload) {
        return inbox.onceForDeletedUser(payload, "messaging.user-deleted", PATIENCE, this::destroyAllOf)
                .invoke(relay::publishSoon)
                .replaceWithVoid();
    }

    private Uni<Integer> destroyAllOf(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SESSIONS_OF, String.class)
                .setParameter(1, userId).getResultList()
                .chain(ids -> recordEnds(ids)
                        .chain(() -> session.createNativeQuery(DESTROY).setParameter(1, userId).executeUpdate())
                        .invoke(count -> LOG.infof("destroyed %d sessions of a deleted account", count))));
    }

    private Uni<Void> recordEnds(List<String> sessionIds) {
        // One after another: a Hibernate Reactive session takes one operation at a time.
        return Multi.createFrom().iterable(sessionIds)
                .onItem().transformToUniAndConcatenate(id -> outbox.append(SessionExpired.TOPIC, SessionExpired.TYPE,
                        SessionExpired.SCHEMA_VERSION, id, new SessionExpired(id, "account_deleted")))
                .collect().last().replaceWithVoid();
    }
}
