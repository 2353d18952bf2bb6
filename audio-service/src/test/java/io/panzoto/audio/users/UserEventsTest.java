package io.panzoto.audio.users;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static io.panzoto.audio.AudioTestSupport.objectExists;
import static io.panzoto.audio.AudioTestSupport.publish;
import static io.panzoto.audio.AudioTestSupport.putObject;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.audio.AudioTestResource;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.ops.Ops;
import io.panzoto.platform.inbox.InboxPruning;
import io.panzoto.testing.TestInfra;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** auth-service's user events, through the real broker: key salts arrive once; a deleted user leaves nothing. */
@QuarkusTest
@WithTestResource(AudioTestResource.class)
class UserEventsTest {
    @Inject
    DataSource database;

    @Inject
    InboxPruning pruning;

    @Test
    void anEventDeliveredTwiceIsAppliedOnce() throws Exception {
        UUID user = UUID.randomUUID();
        byte[] salt = SecureRandoms.bytes(32);
        UUID eventId = UUID.randomUUID();
        publish("auth.user-registered", eventId, "auth.user-registered", user.toString(), registration(user, salt));
        // The same event id again, with a body that would change the stored salt were it applied.
        publish("auth.user-registered", eventId, "auth.user-registered", user.toString(), registration(user, SecureRandoms.bytes(32)));
        // A third record on the same key (so the same partition, read in order) that goes to the .dlq:
        // once it is there, both copies before it have been consumed.
        String marker = UUID.randomUUID().toString();
        publish("auth.user-registered", UUID.randomUUID(), "auth.user-registered", user.toString(), "{\"user_id\":\"not-a-uuid-" + marker + "\"}");
        TopicReader.awaitRecord("auth.user-registered.dlq", record -> record.value() != null && record.value().contains(marker),
                Duration.ofSeconds(60));
        awaitCount("SELECT count(*) FROM inbox_events WHERE consumer = 'audio.user-registered' AND event_id = '" + eventId + "'", 1);
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT key_salt, tier FROM user_keys WHERE user_id = ?")) {
            query.setObject(1, user);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertArrayEquals(salt, row.getBytes(1), "the first delivery's salt, not the duplicate's");
                assertEquals("uce", row.getString(2));
                assertFalse(row.next());
            }
        }
    }

    @Test
    void inboxClaimsOlderThanTheKeepPeriodArePrunedAndNewerOnesKept() throws Exception {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        try (Connection connection = database.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO inbox_events (consumer, event_id, processed_at) VALUES ('test.pruning', ?, ?)")) {
            insert.setObject(1, old);
            insert.setTimestamp(2, Timestamp.from(Instant.now().minus(Duration.ofDays(91))));
            insert.executeUpdate();
            insert.setObject(1, recent);
            insert.setTimestamp(2, Timestamp.from(Instant.now().minus(Duration.ofDays(89))));
            insert.executeUpdate();
        }
        assertTrue(pruning.prune() >= 1);
        awaitCount("SELECT count(*) FROM inbox_events WHERE event_id = '" + old + "'", 0);
        awaitCount("SELECT count(*) FROM inbox_events WHERE event_id = '" + recent + "'", 1);
    }

    private static String registration(UUID user, byte[] salt) {
        return "{\"user_id\":\"" + user + "\",\"tier\":\"uce\",\"key_salt\":\"" + Bytes.hex(salt) + "\"}";
    }

    @Test
    void aDeletedUsersObjectsRecordsAndKeysAreAllRemoved() throws Exception {
        TestUser account = newUser();
        UUID user = account.id();
        String key = recording(account, "goodbye.3gp");
        // The Android app's own layout (seed 001) is the user's too.
        String appKey = "users/" + user + "/audio-123.3gp";
        putObject(appKey, new byte[3]);
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body(Map.of("s3_key", appKey))
                .post("/api/audio-file").then().statusCode(201);

        publish("auth.user-deleted", UUID.randomUUID(), "auth.user-deleted", user.toString(), "{\"user_id\":\"" + user + "\"}");
        awaitCount("SELECT count(*) FROM audio_files WHERE user_id = '" + user + "'", 0);
        awaitCount("SELECT count(*) FROM user_keys WHERE user_id = '" + user + "'", 0);
        assertFalse(objectExists(key), "the user's objects are gone from S3");
        assertFalse(objectExists(appKey), "under either layout");
    }

    @Test
    void anS3OutageDuringADeletionDelaysItAndStillDeletesEverythingOnceS3IsBack() throws Exception {
        TestUser account = newUser();
        UUID user = account.id();
        String key = recording(account, "kept-through-the-outage.3gp");

        UUID eventId = UUID.randomUUID();
        TestInfra.stopS3();
        try {
            publish("auth.user-deleted", eventId, "auth.user-deleted", user.toString(), "{\"user_id\":\"" + user + "\"}");
            Thread.sleep(5_000); // several attempts fail meanwhile (before: the first went to the .dlq)
            awaitCount("SELECT count(*) FROM audio_files WHERE user_id = '" + user + "'", 1);
        } finally {
            TestInfra.startS3();
        }
        awaitCount("SELECT count(*) FROM audio_files WHERE user_id = '" + user + "'", 0);
        awaitCount("SELECT count(*) FROM user_keys WHERE user_id = '" + user + "'", 0);
        assertFalse(objectExists(key), "the user's objects are gone from S3");
        assertTrue(TopicReader.recordsMatching("auth.user-deleted.dlq", record -> record.value() != null
                && record.value().contains(eventId.toString()), Duration.ofSeconds(3)).isEmpty(), "nothing was parked");
    }

    /**
     * The operator's loop through the real broker: S3 stays down longer than the deletion's patience, so
     * the event is parked on auth.user-deleted.dlq with the user's data still stored; S3 comes back (the
     * fix); {@code ops dlq replay} sends it back and the deletion completes; a second replay is consumed
     * and applied no second time.
     */
    @Test
    void aParkedDeletionReplayedWithTheOpsToolAfterTheFixIsProcessedOnce() throws Exception {
        TestUser account = newUser();
        UUID user = account.id();
        String key = recording(account, "parked.3gp");
        UUID eventId = UUID.randomUUID();
        ConsumerRecord<String, String> parked;
        TestInfra.stopS3();
        try {
            publish("auth.user-deleted", eventId, "auth.user-deleted", user.toString(), "{\"user_id\":\"" + user + "\"}");
            parked = TopicReader.awaitRecord("auth.user-deleted.dlq", record -> record.value() != null
                    && record.value().contains(eventId.toString()), Duration.ofSeconds(90));
        } finally {
            TestInfra.startS3();
        }
        awaitCount("SELECT count(*) FROM audio_files WHERE user_id = '" + user + "'", 1);
        assertTrue(objectExists(key), "parked, nothing deleted yet");

        String[] replay = {"dlq", "replay", "auth.user-deleted.dlq", "--partition", Integer.toString(parked.partition()),
                "--offset", Long.toString(parked.offset()), "--bootstrap-servers", TestInfra.kafkaBootstrapServers()};
        assertEquals(0, Ops.commandLine().execute(replay));
        awaitCount("SELECT count(*) FROM audio_files WHERE user_id = '" + user + "'", 0);
        awaitCount("SELECT count(*) FROM user_keys WHERE user_id = '" + user + "'", 0);
        assertFalse(objectExists(key), "the user's objects are gone once replayed");
        Timestamp appliedAt = claimTime(eventId);

        assertEquals(0, Ops.commandLine().execute(replay));
        List<ConsumerRecord<String, String>> copies = TopicReader.recordsMatching("auth.user-deleted", record ->
                record.value().contains(eventId.toString()) && record.headers().lastHeader("replayed-from") != null, Duration.ofSeconds(3));
        assertEquals(2, copies.size(), "two replays, two copies on the topic");
        TopicReader.awaitConsumedBy("audio-service", copies.get(1), Duration.ofSeconds(60));
        assertEquals(appliedAt, claimTime(eventId), "the second copy was consumed and not applied again");
        awaitCount("SELECT count(*) FROM inbox_events WHERE consumer = 'audio.user-deleted' AND event_id = '" + eventId + "'", 1);
    }

    private Timestamp claimTime(UUID eventId) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT processed_at FROM inbox_events WHERE consumer = 'audio.user-deleted' AND event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "the deletion was claimed");
                return row.getTimestamp(1);
            }
        }
    }

    @Test
    void anUnreadableEventIsParkedOnTheDeadLetterTopic() {
        String marker = UUID.randomUUID().toString();
        publish("auth.user-registered", UUID.randomUUID(), "auth.user-registered", marker, "{\"user_id\":\"not-a-uuid-" + marker + "\"}");
        TopicReader.awaitRecord("auth.user-registered.dlq", record -> record.value() != null && record.value().contains(marker),
                Duration.ofSeconds(60));
    }

    /** A stored and registered recording of the user, once the user's key salt has arrived; answers its key. */
    private String recording(TestUser account, String name) throws Exception {
        String key = account.key(name);
        putObject(key, new byte[3]);
        given().header("Authorization", account.bearer()).contentType(ContentType.JSON).body(Map.of("s3_key", key, "file_size", 3))
                .post("/api/audio-file").then().statusCode(201);
        awaitCount("SELECT count(*) FROM user_keys WHERE user_id = '" + account.id() + "'", 1);
        return key;
    }

    private void awaitCount(String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long actual;
        do {
            try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql);
                 ResultSet row = query.executeQuery()) {
                row.next();
                actual = row.getLong(1);
            }
            if (actual == expected) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, actual, sql);
    }
}
