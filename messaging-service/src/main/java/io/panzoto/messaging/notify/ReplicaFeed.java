package io.panzoto.messaging.notify;

import io.panzoto.platform.inbox.InboundEvent;
import io.panzoto.platform.inbox.Inbox;
import io.panzoto.platform.inbox.UnreadableEventException;
import io.panzoto.platform.kafka.KafkaClients;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * What every replica must hear of, whichever replica made it happen: new simplex messages and revoked
 * links (for {@code /ws/links}), session activity and destroyed sessions (for {@code /ws/sessions}).
 * Each replica reads every partition of its listeners' topics from the end, without a consumer group
 * (every replica must see every event, and nothing here needs to survive a restart: a reconnecting
 * client fetches from its cursor). Runs on its own thread; a broker outage only delays notifications.
 * Envelopes are read by the platform's Inbox; nothing is deduplicated or parked, as a repeated
 * notification only prompts a fetch.
 */
@Readiness
@ApplicationScoped
public class ReplicaFeed implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(ReplicaFeed.class);

    /** A part of this replica that acts on some topics' events (on the feed's thread: hand work off). */
    public interface Listener {
        Set<String> topics();

        void on(String topic, InboundEvent event);
    }

    private final Map<String, List<Listener>> listeners = new HashMap<>();
    private final Inbox inbox;
    private final KafkaClients clients;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile boolean running;
    private volatile boolean assigned;
    private Thread thread;

    public ReplicaFeed(Instance<Listener> listeners, Inbox inbox, KafkaClients clients) {
        listeners.forEach(listener -> listener.topics().forEach(topic ->
                this.listeners.computeIfAbsent(topic, key -> new ArrayList<>()).add(listener)));
        this.inbox = inbox;
        this.clients = clients;
    }

    void start(@Observes StartupEvent event) {
        consumer = new KafkaConsumer<>(clients.config(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.CLIENT_ID_CONFIG, "messaging-notify-" + ProcessHandle.current().pid())));
        running = true;
        thread = new Thread(this::run, "replica-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
            thread.join(5000);
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> feed = consumer) {
            assignAll(feed);
            while (running) {
                try {
                    for (ConsumerRecord<String, String> record : feed.poll(Duration.ofSeconds(1))) {
                        dispatch(record);
                    }
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    // The feed must outlive a broker fault: report not ready, then start again from the ends.
                    assigned = false;
                    LOG.warnf("message feed interrupted: %s", e.getClass().getSimpleName());
                    assignAll(feed);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        }
    }

    /** Waits for the topic's partitions (the broker may be down at start) and starts at their ends. */
    private void assignAll(KafkaConsumer<String, String> feed) {
        while (running) {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : listeners.keySet()) {
                    feed.partitionsFor(topic, Duration.ofSeconds(10)).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
                if (partitions.stream().map(TopicPartition::topic).distinct().count() == listeners.size()) {
                    feed.assign(partitions);
                    feed.seekToEnd(partitions);
                    partitions.forEach(feed::position); // resolve the end now, not at the first poll
                    assigned = true;
                    return;
                }
            } catch (TimeoutException e) {
                LOG.warnf("waiting for the broker before notifying subscribers: %s", e.getClass().getSimpleName());
            }
        }
    }

    /** Ready once the feed reads every partition: before that a new message could go unannounced. */
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("replica-feed").status(assigned).build();
    }

    private void dispatch(ConsumerRecord<String, String> record) {
        InboundEvent event;
        try {
            event = inbox.parse(record.value());
        } catch (UnreadableEventException e) {
            // Nothing to park: every replica reads the topic, and a notification only prompts a fetch.
            LOG.warnf("skipped an unreadable %s record at offset %d: %s", record.topic(), record.offset(), e.getMessage());
            return;
        }
        for (Listener listener : listeners.getOrDefault(record.topic(), List.of())) {
            try {
                listener.on(record.topic(), event);
            } catch (RuntimeException e) {
                LOG.warnf("a %s listener failed on offset %d: %s", record.topic(), record.offset(), e.getClass().getSimpleName());
            }
        }
    }
}
