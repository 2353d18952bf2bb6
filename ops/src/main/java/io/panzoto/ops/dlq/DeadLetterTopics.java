package io.panzoto.ops.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The platform's dead-letter topics ({@code <topic>.dlq}) as an operator works them: how deep each is,
 * what a parked record says, replaying records to the topic they came from (every consumer applies an
 * event once per event id, so a replay of something already applied does nothing), and purging what
 * is dealt with. Reads assign partitions directly: the tool joins no consumer group and moves no
 * service's offsets.
 */
public final class DeadLetterTopics implements AutoCloseable {
    static final String SUFFIX = ".dlq";
    private static final Duration CALL = Duration.ofSeconds(15);

    private final Map<String, Object> connection;
    private final Admin admin;

    public DeadLetterTopics(Map<String, Object> connection) {
        this.connection = Map.copyOf(connection);
        Map<String, Object> adminConfig = withClientId("panzoto-ops-admin");
        adminConfig.put("default.api.timeout.ms", (int) CALL.toMillis());
        adminConfig.put("request.timeout.ms", (int) CALL.toMillis() / 2);
        this.admin = Admin.create(adminConfig);
    }

    /** A dead-letter topic and how many records it holds now. */
    public record Depth(String topic, long records) {
    }

    /** Which records of a topic: every one, or the one at a partition and offset. */
    public record Selection(Integer partition, Long offset) {
        public static final Selection ALL = new Selection(null, null);

        boolean includes(DeadLetter letter) {
            return partition == null || (letter.partition() == partition && (offset == null || letter.offset() == offset));
        }
    }

    /** What a replay did. */
    public record Replayed(int sent, List<DeadLetter> refused) {
    }

    /** Every {@code .dlq} topic with its depth, deepest first. */
    public List<Depth> depths() {
        Set<String> topics = call(admin.listTopics().names()).stream().filter(name -> name.endsWith(SUFFIX)).collect(Collectors.toSet());
        List<Depth> depths = new ArrayList<>();
        for (String topic : topics) {
            depths.add(new Depth(topic, bounds(topic).values().stream().mapToLong(b -> b[1] - b[0]).sum()));
        }
        depths.sort((a, b) -> a.records() != b.records() ? Long.compare(b.records(), a.records()) : a.topic().compareTo(b.topic()));
        return depths;
    }

    /** The records the topic holds now, in partition and offset order, at most {@code limit}. */
    public List<DeadLetter> read(String topic, Selection selection, int limit) {
        requireDeadLetterTopic(topic);
        Map<TopicPartition, long[]> bounds = bounds(topic);
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(withClientId("panzoto-ops-reader"),
                new StringDeserializer(), new StringDeserializer())) {
            for (Map.Entry<TopicPartition, long[]> entry : bounds.entrySet()) {
                TopicPartition partition = entry.getKey();
                long start = entry.getValue()[0];
                long end = entry.getValue()[1];
                if (selection.partition() != null && selection.partition() != partition.partition()) {
                    continue;
                }
                if (selection.offset() != null) {
                    if (selection.offset() < start || selection.offset() >= end) {
                        continue;
                    }
                    start = selection.offset();
                    end = selection.offset() + 1;
                }
                readPartition(consumer, partition, start, end, letters, selection, limit);
                if (letters.size() >= limit) {
                    break;
                }
            }
        }
        return letters;
    }

    private static void readPartition(KafkaConsumer<String, String> consumer, TopicPartition partition, long start, long end,
                                      List<DeadLetter> letters, Selection selection, int limit) {
        if (start >= end) {
            return;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, start);
        long deadline = System.nanoTime() + CALL.toNanos();
        while (consumer.position(partition) < end && letters.size() < limit) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out reading " + partition);
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                DeadLetter letter = DeadLetter.of(record);
                if (record.offset() < end && selection.includes(letter) && letters.size() < limit) {
                    letters.add(letter);
                }
            }
        }
    }

    /**
     * Sends the selected records back to the topics they were parked from, with their key, value and
     * original headers and a {@code replayed-from} header; waits until the broker has every one.
     * Records a service stripped of a secret before parking are refused, not sent.
     */
    public Replayed replay(String topic, Selection selection) {
        List<DeadLetter> letters = read(topic, selection, Integer.MAX_VALUE);
        List<DeadLetter> refused = new ArrayList<>();
        int sent = 0;
        Map<String, Object> producerConfig = withClientId("panzoto-ops-replay");
        producerConfig.put("acks", "all");
        producerConfig.put("enable.idempotence", "true");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            List<Future<?>> pending = new ArrayList<>();
            for (DeadLetter letter : letters) {
                if (!letter.replayable()) {
                    refused.add(letter);
                    continue;
                }
                ProducerRecord<String, String> record = new ProducerRecord<>(letter.origin(), letter.key(), letter.value());
                letter.replayHeaders().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                pending.add(producer.send(record));
            }
            for (var send : pending) {
                call(send);
                sent++;
            }
        }
        return new Replayed(sent, refused);
    }

    /**
     * Deletes the selected records: all of the topic, or on one partition everything up to and including
     * an offset (Kafka deletes a prefix of a partition, never one record in the middle). Returns how many.
     */
    public long purge(String topic, Selection selection) {
        requireDeadLetterTopic(topic);
        Map<TopicPartition, long[]> bounds = bounds(topic);
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        long count = 0;
        for (Map.Entry<TopicPartition, long[]> entry : bounds.entrySet()) {
            long start = entry.getValue()[0];
            long end = entry.getValue()[1];
            if (selection.partition() != null && selection.partition() != entry.getKey().partition()) {
                continue;
            }
            long before = selection.offset() == null ? end : Math.min(end, selection.offset() + 1);
            if (before > start) {
                deletions.put(entry.getKey(), RecordsToDelete.beforeOffset(before));
                count += before - start;
            }
        }
        if (!deletions.isEmpty()) {
            call(admin.deleteRecords(deletions).all());
        }
        return count;
    }

    /** Each partition's first and next offset. */
    private Map<TopicPartition, long[]> bounds(String topic) {
        TopicDescription description = call(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(info -> {
            TopicPartition partition = new TopicPartition(topic, info.partition());
            earliest.put(partition, OffsetSpec.earliest());
            latest.put(partition, OffsetSpec.latest());
        });
        var starts = call(admin.listOffsets(earliest).all());
        var ends = call(admin.listOffsets(latest).all());
        Map<TopicPartition, long[]> bounds = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        starts.forEach((partition, start) -> bounds.put(partition, new long[] {start.offset(), ends.get(partition).offset()}));
        return bounds;
    }

    private static void requireDeadLetterTopic(String topic) {
        if (!topic.endsWith(SUFFIX)) {
            throw new IllegalArgumentException(topic + " is not a dead-letter topic (they end in " + SUFFIX + ")");
        }
    }

    private Map<String, Object> withClientId(String clientId) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put("client.id", clientId);
        return config;
    }

    private <T> T call(Future<T> future) {
        try {
            return future.get(CALL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka at " + connection.get("bootstrap.servers") + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker (" + connection.get("bootstrap.servers") + ") did not answer within "
                    + CALL.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        // A call still pending (the broker unreachable) is abandoned, not waited for a second time.
        admin.close(Duration.ofSeconds(1));
    }
}
