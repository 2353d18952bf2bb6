package io.panzoto.platform.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * What an operator watches on Kafka, measured from the broker's side (so a consumer that hangs or is
 * gone still shows): {@code panzoto_kafka_consumer_lag{group,topic,partition}} for every consumer group
 * this service's channels use, and {@code panzoto_kafka_dlq_depth{topic}} for every {@code .dlq} topic
 * it parks records on. Both come from its messaging configuration, so a new channel is watched without
 * code. Every replica reports the same figures; alert on their max.
 */
@ApplicationScoped
public class KafkaBacklog {
    private static final Logger LOG = Logger.getLogger(KafkaBacklog.class);
    private static final String INCOMING = "mp.messaging.incoming.";
    private static final String OUTGOING = "mp.messaging.outgoing.";
    private static final long CALL_SECONDS = 10;

    private final KafkaClients clients;
    private final MeterRegistry registry;
    private final Map<String, Set<String>> topicsByGroup = new TreeMap<>();
    private final Set<String> deadLetterTopics = new TreeSet<>();
    private final Map<Tags, AtomicLong> gauges = new ConcurrentHashMap<>();
    private volatile Admin admin;

    public KafkaBacklog(KafkaClients clients, MeterRegistry registry, Config config) {
        this.clients = clients;
        this.registry = registry;
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(INCOMING) && name.endsWith(".group.id")) {
                String channel = name.substring(INCOMING.length(), name.length() - ".group.id".length());
                config.getOptionalValue(INCOMING + channel + ".topic", String.class).ifPresent(topic ->
                        topicsByGroup.computeIfAbsent(config.getValue(name, String.class), group -> new TreeSet<>()).add(topic));
            } else if (name.startsWith(INCOMING) && name.endsWith(".dead-letter-queue.topic")) {
                deadLetterTopics.add(config.getValue(name, String.class));
            } else if (name.startsWith(OUTGOING) && name.endsWith(".topic") && config.getValue(name, String.class).endsWith(".dlq")) {
                deadLetterTopics.add(config.getValue(name, String.class));
            }
        }
    }

    /** The consumer groups and the topics each reads, as configured. */
    public Map<String, Set<String>> groups() {
        return topicsByGroup;
    }

    public Set<String> deadLetterTopics() {
        return deadLetterTopics;
    }

    @Scheduled(identity = "kafka-backlog", every = "${panzoto.metrics.interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measure() {
        try {
            Set<String> topics = new TreeSet<>(deadLetterTopics);
            topicsByGroup.values().forEach(topics::addAll);
            Map<TopicPartition, long[]> bounds = bounds(topics);
            for (String topic : deadLetterTopics) {
                long depth = bounds.entrySet().stream().filter(entry -> entry.getKey().topic().equals(topic))
                        .mapToLong(entry -> entry.getValue()[1] - entry.getValue()[0]).sum();
                gauge("panzoto.kafka.dlq.depth", "Records parked on a dead-letter topic", Tags.of("topic", topic)).set(depth);
            }
            for (Map.Entry<String, Set<String>> group : topicsByGroup.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group.getKey())
                        .partitionsToOffsetAndMetadata().get(CALL_SECONDS, TimeUnit.SECONDS);
                bounds.forEach((partition, bound) -> {
                    if (group.getValue().contains(partition.topic())) {
                        OffsetAndMetadata position = committed.get(partition);
                        long lag = bound[1] - (position == null ? bound[0] : Math.max(position.offset(), bound[0]));
                        gauge("panzoto.kafka.consumer.lag", "Records a consumer group has yet to read", Tags.of("group", group.getKey(),
                                "topic", partition.topic(), "partition", Integer.toString(partition.partition()))).set(lag);
                    }
                });
            }
        } catch (Exception e) {
            // The broker unreachable: the figures stay as last measured; Kafka's own alerts cover the outage.
            LOG.debugf("Kafka backlog not measured: %s", e.getMessage());
        }
    }

    /** Each partition's first and next offset, for the topics that exist. */
    private Map<TopicPartition, long[]> bounds(Set<String> topics) throws Exception {
        Set<String> existing = new TreeSet<>(admin().listTopics().names().get(CALL_SECONDS, TimeUnit.SECONDS));
        existing.retainAll(topics);
        Map<String, TopicDescription> descriptions = admin().describeTopics(existing).allTopicNames().get(CALL_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        descriptions.values().forEach(description -> description.partitions().forEach(info -> {
            TopicPartition partition = new TopicPartition(description.name(), info.partition());
            earliest.put(partition, OffsetSpec.earliest());
            latest.put(partition, OffsetSpec.latest());
        }));
        Map<TopicPartition, ListOffsetsResultInfo> starts = admin().listOffsets(earliest).all().get(CALL_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin().listOffsets(latest).all().get(CALL_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, long[]> bounds = new HashMap<>();
        starts.forEach((partition, start) -> bounds.put(partition, new long[] {start.offset(), ends.get(partition).offset()}));
        return bounds;
    }

    private AtomicLong gauge(String name, String description, Tags tags) {
        return gauges.computeIfAbsent(tags.and("metric", name), key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tags(tags).register(registry);
            return value;
        });
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    admin = Admin.create(clients.config(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-backlog",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000)));
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }
}
