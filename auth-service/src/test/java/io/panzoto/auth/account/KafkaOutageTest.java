package io.panzoto.auth.account;

import static io.panzoto.auth.AuthApi.PASSWORD;
import static io.panzoto.auth.AuthApi.register;
import static io.panzoto.auth.AuthApi.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panzoto.auth.events.UserRegistered;
import io.panzoto.testing.RealInfraResource;
import io.panzoto.testing.TestInfra;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class KafkaOutageTest {

    @Test
    void signUpsDuringABrokerOutageArePublishedOnceItReturns() {
        TestInfra.killKafka();
        String userId;
        try {
            userId = register("/api/register", uniqueEmail(), PASSWORD).then().statusCode(201).extract().path("user_id");
        } finally {
            TestInfra.startKafka();
        }
        TopicReader.awaitRecord(UserRegistered.TOPIC, r -> userId.equals(r.key()), Duration.ofSeconds(90));
        // Delivery is at least once (a send can time out after the broker wrote it); a consumer that
        // deduplicates by event_id must see exactly one event.
        assertEquals(1, distinctEventIds(UserRegistered.TOPIC, userId), "one event for a deduplicating consumer");
    }

    private static long distinctEventIds(String topic, String key) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", TestInfra.kafkaBootstrapServers(), "group.id", "count-" + key,
                "auto.offset.reset", "earliest", "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            }
        }
        return seen.stream().filter(r -> key.equals(r.key()))
                .map(r -> r.value().replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1")).distinct().count();
    }
}
