package io.panzoto.messaging.sessions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.panzoto.messaging.events.SessionExpired;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.platform.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Destroys sessions past their TTL: the rows go (participants and messages by cascade) and
 * {@code messaging.session-expired} is recorded in the same transaction. Reads already hide an expired
 * session; this removes it. Runs on a worker thread over JDBC; replicas share the work with SKIP LOCKED.
 */
@ApplicationScoped
public class SessionExpiry {
    private static final Logger LOG = Logger.getLogger(SessionExpiry.class);
    private static final int BATCH = 500;
    private static final String EXPIRE = """
            DELETE FROM secure_sessions WHERE id IN (
                SELECT id FROM secure_sessions WHERE expires_at <= now() ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id""";
    private static final String RECORD = """
            """ + Outbox.INSERT_INTO + """
            VALUES (?, ?, ?, ?, ?, ?)""";

    private final DataSource dataSource;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Counter destroyed;

    public SessionExpiry(DataSource dataSource, Outbox outbox, OutboxRelay relay, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.relay = relay;
        this.destroyed = registry.counter("panzoto.sessions.expired");
    }

    @Scheduled(identity = "session-expiry", every = "${panzoto.messaging.sessions.purge-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            expire();
        } catch (SQLException e) {
            LOG.warnf("session expiry failed: %s", e.getMessage());
        }
    }

    /** Destroys every session expired now; answers how many. */
    public int expire() throws SQLException {
        int total = 0;
        int batch;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            do {
                List<UUID> gone = new ArrayList<>();
                try (PreparedStatement delete = connection.prepareStatement(EXPIRE)) {
                    delete.setInt(1, BATCH);
                    try (ResultSet rows = delete.executeQuery()) {
                        while (rows.next()) {
                            gone.add(rows.getObject(1, UUID.class));
                        }
                    }
                }
                try (PreparedStatement record = connection.prepareStatement(RECORD)) {
                    for (UUID id : gone) {
                        Outbox.PendingEvent event = outbox.prepare(SessionExpired.TOPIC, SessionExpired.TYPE,
                                SessionExpired.SCHEMA_VERSION, id.toString(), new SessionExpired(id.toString(), "expired"));
                        record.setObject(1, event.envelope().eventId());
                        record.setString(2, event.topic());
                        record.setString(3, event.envelope().aggregateId());
                        record.setString(4, event.envelope().type());
                        record.setString(5, event.payload());
                        record.setTimestamp(6, Timestamp.from(event.envelope().occurredAt()));
                        record.addBatch();
                    }
                    record.executeBatch();
                }
                connection.commit();
                batch = gone.size();
                total += batch;
            } while (batch == BATCH);
        }
        if (total > 0) {
            destroyed.increment(total);
            relay.publishSoon();
        }
        return total;
    }
}
