package io.panzoto.messaging.simplex;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Deletes expired messages in batches (keeping each link's unseen count true) and expired challenges.
 * Fetch already hides expired messages; this frees the space. Runs on a worker thread over JDBC, and
 * replicas may run it at once: each batch locks its rows with SKIP LOCKED.
 */
@ApplicationScoped
public class ExpiryPurge {
    private static final Logger LOG = Logger.getLogger(ExpiryPurge.class);
    private static final int BATCH = 5000;
    private static final String PURGE_MESSAGES = """
            WITH gone AS (
                DELETE FROM simplex_messages WHERE id IN (
                    SELECT id FROM simplex_messages WHERE expires_at <= now() ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING link_id, seen),
            unseen AS (SELECT link_id, count(*) AS n FROM gone WHERE NOT seen GROUP BY link_id),
            counted AS (
                UPDATE simplex_links l SET unseen_count = l.unseen_count - unseen.n FROM unseen WHERE l.id = unseen.link_id)
            SELECT count(*) FROM gone""";

    private final DataSource dataSource;
    private final Counter purged;

    public ExpiryPurge(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.purged = registry.counter("panzoto.simplex.messages.purged");
    }

    @Scheduled(identity = "simplex-expiry-purge", every = "${panzoto.messaging.simplex.purge-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            purge();
        } catch (SQLException e) {
            LOG.warnf("expiry purge failed: %s", e.getMessage());
        }
    }

    /** Purges everything expired now; answers the number of messages deleted. */
    public long purge() throws SQLException {
        long total = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            long deleted;
            do {
                try (PreparedStatement statement = connection.prepareStatement(PURGE_MESSAGES)) {
                    statement.setInt(1, BATCH);
                    try (var result = statement.executeQuery()) {
                        result.next();
                        deleted = result.getLong(1);
                    }
                }
                total += deleted;
            } while (deleted == BATCH);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM simplex_challenges WHERE expires_at <= now()");
            }
        }
        purged.increment(total);
        return total;
    }
}
