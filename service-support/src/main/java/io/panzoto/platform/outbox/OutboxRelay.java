package io.panzoto.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.panzoto.platform.kafka.KafkaClients;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in order, then marks them published. It runs on a worker thread
 * (JDBC and a blocking send are fine there); rows are locked with SKIP LOCKED so several replicas
 * share the work. While Kafka is down rows stay unpublished and are retried on every tick; a row may
 * be sent twice (crash between send and commit), which consumers absorb by deduplicating on event_id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String SELECT_BATCH = """
            SELECT id, event_id, topic, aggregate_id, event_type, payload FROM outbox_events
            WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""";

    private final DataSource dataSource;
    private final KafkaClients clients;
    private final int batchSize;
    private final String[] secretTopics;
    private final MeterRegistry registry;
    private final Counter failures;
    private volatile Producer<String, String> producer;
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final ReentrantLock draining = new ReentrantLock();

    public OutboxRelay(DataSource dataSource, MeterRegistry registry,
                       KafkaClients clients,
                       @ConfigProperty(name = "panzoto.outbox.batch-size", defaultValue = "200") int batchSize,
                       @ConfigProperty(name = "panzoto.outbox.secret-topics") Optional<List<String>> secretTopics) {
        this.dataSource = dataSource;
        this.clients = clients;
        this.batchSize = batchSize;
        this.secretTopics = secretTopics.orElse(List.of()).toArray(String[]::new);
        this.registry = registry;
        this.failures = registry.counter("panzoto.outbox.failures");
    }

    /**
     * Publishes what a just-committed transaction recorded without waiting for the next tick, for events
     * someone waits on (a recipient's live notification). Call it after the commit; it returns at once.
     */
    public void publishSoon() {
        // One drain waiting to start serves every commit before it starts: under load, thousands of
        // sends a second cost a handful of drains, each publishing a batch.
        if (drainQueued.compareAndSet(false, true)) {
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                drainQueued.set(false);
                relay();
            });
        }
    }

    @Scheduled(identity = "outbox-relay", every = "${panzoto.outbox.poll-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        // One drain at a time in this JVM keeps the publish order; a call that finds one running asks
        // it to go round again, so nothing committed meanwhile waits for the next tick.
        again.set(true);
        while (again.get() && draining.tryLock()) {
            try {
                again.set(false);
                while (publishBatch() == batchSize) {
                    // a full batch means more may be waiting
                }
            } catch (SQLException e) {
                LOG.warnf("outbox relay could not read the outbox: %s", e.getMessage());
            } finally {
                draining.unlock();
            }
        }
    }

    /** Publishes one batch; returns how many rows it published. */
    int publishBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Row> rows = lockBatch(connection);
                List<Long> sent = send(rows);
                markPublished(connection, sent);
                if (sent.size() < rows.size()) {
                    recordFailure(connection, rows.get(sent.size()));
                }
                connection.commit();
                return sent.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private List<Row> lockBatch(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
            select.setInt(1, batchSize);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3), result.getString(4),
                            result.getString(5), result.getString(6)));
                }
            }
        }
        return rows;
    }

    /** Sends in order and returns the ids of the unbroken prefix that Kafka acknowledged. */
    private List<Long> send(List<Row> rows) {
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        List<Long> acknowledged = new ArrayList<>();
        try {
            for (Row row : rows) {
                ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.aggregateId(), row.payload());
                record.headers().add("event_id", row.eventId().getBytes(StandardCharsets.UTF_8));
                record.headers().add("type", row.type().getBytes(StandardCharsets.UTF_8));
                pending.add(producer().send(record));
            }
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).get(130, TimeUnit.SECONDS);
                acknowledged.add(rows.get(i).id());
                published(rows.get(i));
            }
        } catch (Exception e) {
            failures.increment();
            // Topic and event id only: the payload stays out of logs.
            Row failed = rows.get(acknowledged.size());
            LOG.warnf("outbox relay could not publish event %s to %s: %s", failed.eventId(), failed.topic(),
                    e.getClass().getSimpleName());
        }
        return acknowledged;
    }

    /** {@code panzoto_events_published_total{topic,type}}: what the platform said, per kind. */
    private void published(Row row) {
        registry.counter("panzoto.events.published", "topic", row.topic(), "type", row.type()).increment();
    }

    /**
     * Marks rows published. Rows of the secret topics (panzoto.outbox.secret-topics: audio's sealed job
     * keys) lose their payload at the same moment: once in Kafka, it is not kept a week in the database.
     */
    private void markPublished(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE outbox_events SET published_at = now(), attempts = attempts + 1,
                    payload = CASE WHEN topic = ANY (?) THEN '{"cleared":"published"}' ELSE payload END
                WHERE id = ANY (?)""")) {
            update.setArray(1, connection.createArrayOf("text", secretTopics));
            update.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            update.executeUpdate();
        }
    }

    private static void recordFailure(Connection connection, Row row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox_events SET attempts = attempts + 1, last_error = 'publish failed' WHERE id = ?")) {
            update.setLong(1, row.id());
            update.executeUpdate();
        }
    }

    /** Published rows are kept a week for inspection and replay, then removed. */
    @Scheduled(identity = "outbox-cleanup", every = "1h", delayed = "1m")
    void removeOldPublishedRows() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM outbox_events WHERE published_at < now() - interval '7 days'")) {
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("outbox cleanup failed: %s", e.getMessage());
        }
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(clients.config(Map.of(
                            ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay",
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                            // Long enough to ride out a broker restart inside the idempotent producer,
                            // which then delivers once; a send that still times out is retried next tick.
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120000,
                            ProducerConfig.LINGER_MS_CONFIG, 5)),
                            new StringSerializer(), new StringSerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private record Row(long id, String eventId, String topic, String aggregateId, String type, String payload) {
    }
}
