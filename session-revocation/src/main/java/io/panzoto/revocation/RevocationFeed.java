package io.panzoto.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Keeps a {@link RevokedSessions} up to date from {@value RevokedSessions#TOPIC}: every replica of every
 * service reads all partitions from the beginning, without a consumer group (each must see every
 * revocation, and a restarted one must learn the ones made while it was down; the topic keeps them as
 * long as the longest token lives). {@link #caughtUp()} turns true once the records that existed at
 * start are read: a service is not ready before, since it could accept a revoked token.
 */
public final class RevocationFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PRUNE_EVERY_MILLIS = 60_000;

    private final RevokedSessions sessions;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;

    /** @param kafka the connection and security settings of the service's Kafka clients */
    public RevocationFeed(RevokedSessions sessions, Map<String, Object> kafka, String clientId) {
        this.sessions = sessions;
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = new KafkaConsumer<>(config);
        this.thread = new Thread(this::run, "session-revocation-feed");
        thread.setDaemon(true);
    }

    public RevocationFeed start() {
        thread.start();
        return this;
    }

    /** True once every revocation recorded before this replica started has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        long lastPrune = System.currentTimeMillis();
        try (consumer) {
            Map<TopicPartition, Long> startEnds = assignAll();
            while (running) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                        apply(record);
                    }
                    if (!caughtUp && startEnds != null && startEnds.entrySet().stream()
                            .allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                        caughtUp = true;
                        LOG.debugf("session revocations read: %d users", sessions.size());
                    }
                    long now = System.currentTimeMillis();
                    if (now - lastPrune > PRUNE_EVERY_MILLIS) {
                        sessions.prune(now);
                        lastPrune = now;
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // The offsets are kept: after a broker fault reading goes on where it stopped.
                    LOG.warnf("session revocation feed interrupted: %s", e.getClass().getSimpleName());
                    sleep();
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    /** Waits for the topic (the broker may be down at start), reads it from the beginning. */
    private Map<TopicPartition, Long> assignAll() {
        while (running) {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(RevokedSessions.TOPIC, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                if (!partitions.isEmpty()) {
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    return consumer.endOffsets(partitions, Duration.ofSeconds(10));
                }
                LOG.warnf("waiting for topic %s to be created", RevokedSessions.TOPIC);
                sleep();
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                LOG.warnf("waiting for the broker to read session revocations: %s", e.getClass().getSimpleName());
                sleep();
            }
        }
        return null;
    }

    /** {@code {user_id, not_before_ms}} ends every session of a user; {@code {user_id, session_id, until_ms}} one. */
    private void apply(ConsumerRecord<String, String> record) {
        try {
            JsonNode body = JSON.readTree(record.value()).path("body");
            String userId = body.path("user_id").asText(null);
            String sessionId = body.path("session_id").asText(null);
            if (userId != null && sessionId != null && body.path("until_ms").canConvertToLong()) {
                sessions.endSession(sessionId, body.path("until_ms").asLong());
            } else if (userId != null && body.path("not_before_ms").canConvertToLong()) {
                sessions.revoke(userId, body.path("not_before_ms").asLong());
            } else {
                LOG.warnf("skipped an unreadable %s record at offset %d", record.topic(), record.offset());
            }
        } catch (Exception e) {
            LOG.warnf("skipped an unreadable %s record at offset %d", record.topic(), record.offset());
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
