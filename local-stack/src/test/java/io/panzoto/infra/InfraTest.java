package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InfraTest {
    private static Infra infra;

    @BeforeAll
    static void start() {
        Path target = Path.of("target", "infra-test-" + System.nanoTime());
        infra = Infra.start(Infra.Options.forTests(target.resolve("data"), target.resolve("logs")));
    }

    @AfterAll
    static void stop() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void postgresStoresAndReturnsARowInAFreshDatabase() throws Exception {
        infra.serviceConfig("roundtrip");
        try (Connection connection = infra.postgres().connect("roundtrip"); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)");
            sql.execute("INSERT INTO notes VALUES (1, 'kept')");
            try (ResultSet rows = sql.executeQuery("SELECT body FROM notes WHERE id = 1")) {
                assertTrue(rows.next());
                assertEquals("kept", rows.getString(1));
            }
        }
    }

    @Test
    void creatingADatabaseTwiceIsHarmless() {
        infra.serviceConfig("twice");
        Map<String, String> config = infra.serviceConfig("twice");
        assertEquals(infra.postgres().jdbcUrl("twice"), config.get("quarkus.datasource.jdbc.url"));
    }

    @Test
    void everyPlatformTopicAndItsDeadLetterTopicExists() throws Exception {
        try (var admin = infra.kafka().admin()) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (TopicSpec topic : TopicSpec.platformTopics()) {
                assertTrue(names.contains(topic.name()), topic.name());
                assertTrue(names.contains(topic.deadLetterName()), topic.deadLetterName());
            }
        }
    }

    @Test
    void aRecordSurvivesABrokerCrashAndRestartOnTheSamePort() throws Exception {
        String topic = TopicSpec.platformTopics().get(0).name();
        try (var producer = new KafkaProducer<String, String>(Map.of("bootstrap.servers", infra.kafka().bootstrapServers(),
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "before-crash")).get(30, TimeUnit.SECONDS);
        }
        int port = infra.kafka().port();
        infra.kafka().kill();
        assertFalse(Ports.accepts(port));
        infra.startKafka();
        assertEquals(port, infra.kafka().port());
        try (var consumer = new KafkaConsumer<String, String>(Map.of("bootstrap.servers", infra.kafka().bootstrapServers(),
                "group.id", "infra-test", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            boolean found = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!found && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (var record : records) {
                    found |= "before-crash".equals(record.value());
                }
            }
            assertTrue(found, "the record written before the crash is read after the restart");
        }
    }

    @Test
    void s3proxyRejectsAnUnsignedRequest() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(infra.s3().endpoint() + "/" + Infra.BUCKET)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, response.statusCode(), response.body());
    }

    @Test
    void topicFileLinesParseWithComments() {
        List<TopicSpec> topics = TopicSpec.parse("# c\na.b  3  24 # note\n\nc.d 1 -1\n");
        assertEquals(List.of(new TopicSpec("a.b", 3, Duration.ofHours(24)), new TopicSpec("c.d", 1, null)), topics);
    }
}
