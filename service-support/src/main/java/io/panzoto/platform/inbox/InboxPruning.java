package io.panzoto.platform.inbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Removes inbox claims older than {@code panzoto.inbox.keep} (default 90 days): a redelivery comes
 * within minutes of the first delivery, and every consumer's work is idempotent besides, so a claim
 * older than that only takes space.
 */
@ApplicationScoped
public class InboxPruning {
    private static final Logger LOG = Logger.getLogger(InboxPruning.class);

    private final DataSource dataSource;
    private final Duration keep;

    public InboxPruning(DataSource dataSource, @ConfigProperty(name = "panzoto.inbox.keep", defaultValue = "P90D") Duration keep) {
        this.dataSource = dataSource;
        this.keep = keep;
    }

    @Scheduled(identity = "inbox-pruning", every = "1h", delayed = "2m")
    void scheduled() {
        prune();
    }

    /** Answers how many claims went (0 when the database could not be reached: the next run retries). */
    public int prune() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM inbox_events WHERE processed_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minus(keep)));
            int removed = delete.executeUpdate();
            if (removed > 0) {
                LOG.infof("removed %d old inbox claims", removed);
            }
            return removed;
        } catch (SQLException e) {
            LOG.warnf("inbox pruning failed: %s", e.getMessage());
            return 0;
        }
    }
}
