package io.panzoto.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * How far the outbox is behind, for operators: {@code panzoto_outbox_backlog} (rows not yet published)
 * and {@code panzoto_outbox_oldest_age_seconds} (how long the oldest has waited; 0 when none waits).
 * A relay that cannot reach Kafka shows as a growing age long before anyone misses an event.
 */
@ApplicationScoped
public class OutboxBacklog {
    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);

    private final DataSource dataSource;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    public OutboxBacklog(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        Gauge.builder("panzoto.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka").register(registry);
        Gauge.builder("panzoto.outbox.oldest.age.seconds", oldestAgeSeconds, AtomicLong::get)
                .description("Seconds the oldest unpublished outbox row has waited").register(registry);
    }

    @Scheduled(identity = "outbox-backlog", every = "${panzoto.metrics.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement("""
                SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint
                FROM outbox_events WHERE published_at IS NULL""");
             ResultSet row = query.executeQuery()) {
            row.next();
            backlog.set(row.getLong(1));
            oldestAgeSeconds.set(row.getLong(2));
        } catch (SQLException e) {
            LOG.debugf("outbox backlog not measured: %s", e.getMessage());
        }
    }
}
