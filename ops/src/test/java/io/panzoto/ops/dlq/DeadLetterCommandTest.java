package io.panzoto.ops.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.ops.Ops;
import io.panzoto.testing.TestInfra;
import io.panzoto.testing.TopicReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line against the real broker: records parked the way the connector parks them (its
 * {@code dead-letter-*} headers) on a fresh pair of topics, then listed, shown, replayed and purged.
 */
class DeadLetterCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private String origin;
    private String dlq;

    @BeforeEach
    void freshTopics() throws Exception {
        origin = "ops-test-" + UUID.randomUUID();
        dlq = origin + ".dlq";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(origin, 2, (short) 1), new NewTopic(dlq, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void listShowsEveryDeadLetterTopicsDepthAndEachRecordsReason() {
        park(0, "user-1", event("auth.user-deleted", "{\"user_id\":\"u-1\"}"), "first failure");
        park(1, "user-2", event("auth.user-deleted", "{\"user_id\":\"u-2\"}"), "second\nfailure");

        Result topics = ops("dlq", "list");
        assertEquals(0, topics.code(), topics.err());
        assertTrue(topics.out().lines().anyMatch(line -> line.matches(dlq.replace(".", "\\.") + "\\s+2")), topics.out());

        Result records = ops("dlq", "list", dlq);
        assertEquals(0, records.code(), records.err());
        List<String> lines = records.out().lines().toList();
        assertEquals(3, lines.size(), records.out());
        assertTrue(lines.get(1).contains("auth.user-deleted") && lines.get(1).contains("user-1") && lines.get(1).endsWith("first failure"));
        assertTrue(lines.get(2).endsWith("second failure"), "a reason is printed on one line");
    }

    @Test
    void showPrintsHeadersAndReasonButNeverSecretLookingValues() throws Exception {
        park(0, "user-1", event("auth.user-registered", "{\"user_id\":\"u-1\",\"key_salt\":\"00ff\",\"tier\":\"uce\","
                + "\"keys\":{\"sealed_key\":\"c2VjcmV0\",\"key_id\":\"k1\"},\"refresh_token\":\"abc\"}"), "bad salt");
        park(0, "user-2", "not json at all: secret-material", "unreadable");

        Result shown = ops("dlq", "show", dlq, "--partition", "0", "--offset", "0");
        assertEquals(0, shown.code(), shown.err());
        JsonNode record = MAPPER.readTree(shown.out());
        assertEquals(origin, record.path("origin").asText());
        assertEquals("bad salt", record.path("headers").path("dead-letter-reason").asText());
        JsonNode body = record.path("value").path("body");
        assertEquals("u-1", body.path("user_id").asText());
        assertEquals("uce", body.path("tier").asText());
        assertEquals("[redacted]", body.path("key_salt").asText());
        assertEquals("[redacted]", body.path("refresh_token").asText());
        assertEquals("[redacted]", body.path("keys").asText(), "a secret-named object is replaced whole");
        assertFalse(shown.out().contains("00ff") || shown.out().contains("c2VjcmV0") || shown.out().contains("abc\""), shown.out());

        Result unreadable = ops("dlq", "show", dlq, "--partition", "0", "--offset", "1");
        assertEquals(0, unreadable.code(), unreadable.err());
        assertFalse(unreadable.out().contains("secret-material"), "a value that is not JSON is shown by its length only");
        assertEquals("not json at all: secret-material".length(), MAPPER.readTree(unreadable.out()).path("value").path("length").asInt());

        Result missing = ops("dlq", "show", dlq, "--partition", "1", "--offset", "0");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no record"), missing.err());
    }

    @Test
    void replaySendsRecordsBackToTheirTopicWithTheirKeyAndOriginalHeadersOnly() {
        String first = event("auth.user-deleted", "{\"user_id\":\"u-1\"}");
        String second = event("auth.user-deleted", "{\"user_id\":\"u-2\"}");
        park(0, "user-1", first, "failure one");
        park(1, "user-2", second, "failure two");
        parkRedacted(1, "user-3", event("audio.transcription-requested", "{\"sealed_key\":\"[removed]\"}"));

        Result one = ops("dlq", "replay", dlq, "--partition", "0", "--offset", "0");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("replayed 1 record(s)"), one.out());
        ConsumerRecord<String, String> replayed = TopicReader.awaitRecord(origin, record -> true, Duration.ofSeconds(30));
        assertEquals("user-1", replayed.key());
        assertEquals(first, replayed.value());
        assertEquals("kept", header(replayed, "type-hint"), "the original headers travel");
        assertEquals(dlq + "/0/0", header(replayed, "replayed-from"));
        assertNull(replayed.headers().lastHeader("dead-letter-reason"), "the parking's headers do not");

        Result all = ops("dlq", "replay", dlq);
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("replayed 2 record(s)"), all.out());
        assertTrue(all.out().contains("not replayed 1/1"), "the record stripped of its key is refused: " + all.out());
        List<ConsumerRecord<String, String>> onOrigin = TopicReader.recordsMatching(origin, record -> true, Duration.ofSeconds(3));
        assertEquals(3, onOrigin.size(), "the first replay's record and the two of the second");
        assertTrue(onOrigin.stream().noneMatch(record -> record.value().contains("[removed]")));
    }

    @Test
    void purgeNeedsYesAndDeletesAPrefixOfAPartitionOrTheWholeTopic() {
        park(0, "a", event("auth.user-deleted", "{}"), "r");
        park(0, "b", event("auth.user-deleted", "{}"), "r");
        park(0, "c", event("auth.user-deleted", "{}"), "r");
        park(1, "d", event("auth.user-deleted", "{}"), "r");

        Result dryRun = ops("dlq", "purge", dlq);
        assertEquals(1, dryRun.code());
        assertTrue(dryRun.out().contains("would purge 4 record(s)"), dryRun.out());
        assertEquals(4, depth());

        Result prefix = ops("dlq", "purge", dlq, "--partition", "0", "--offset", "1", "--yes");
        assertEquals(0, prefix.code(), prefix.err());
        assertTrue(prefix.out().contains("purged 2 record(s)"), prefix.out());
        assertEquals(2, depth());
        Result left = ops("dlq", "list", dlq);
        assertEquals(List.of("0 2 c", "1 0 d"), left.out().lines().skip(1).map(line -> line.split("\\s+"))
                .map(columns -> columns[0] + " " + columns[1] + " " + columns[4]).toList(), "offsets 0 and 1 of partition 0 are gone");

        Result rest = ops("dlq", "purge", dlq, "--yes");
        assertTrue(rest.out().contains("purged 2 record(s)"), rest.out());
        assertEquals(0, depth());
    }

    @Test
    void onlyDeadLetterTopicsCanBeWorkedAndABadCommandSaysWhy() {
        Result notDlq = ops("dlq", "purge", origin, "--yes");
        assertEquals(2, notDlq.code());
        assertTrue(notDlq.err().contains("is not a dead-letter topic"), notDlq.err());
        Result noOffset = ops("dlq", "show", dlq, "--partition", "0");
        assertEquals(2, noOffset.code());
        Result unknown = ops("dlq", "frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("Unmatched argument"), unknown.err());
    }

    private long depth() {
        return ops("dlq", "list").out().lines().filter(line -> line.startsWith(dlq + " ")).mapToLong(line ->
                Long.parseLong(line.trim().split("\\s+")[1])).sum();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result ops(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers=" + TestInfra.kafkaBootstrapServers());
        var command = Ops.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int code = command.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    private static String event(String type, String body) {
        return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"occurred_at\":\"2026-12-01T10:00:00Z\","
                + "\"schema_version\":1,\"aggregate_id\":\"agg\",\"body\":" + body + "}";
    }

    /** As SmallRye's dead-letter-queue strategy parks a record. */
    private void park(int partition, String key, String value, String reason) {
        send(partition, key, value, Map.of("type-hint", "kept", "dead-letter-reason", reason, "dead-letter-topic", origin,
                "dead-letter-partition", Integer.toString(partition), "dead-letter-offset", "7"));
    }

    /** As audio-service parks a transcription request after removing its sealed key. */
    private void parkRedacted(int partition, String key, String value) {
        send(partition, key, value, Map.of("dead-letter-reason", "no such recording", "dead-letter-redacted", "sealed_key"));
    }

    private void send(int partition, String key, String value, Map<String, String> headers) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfra.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(dlq, partition, key, value);
            headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
