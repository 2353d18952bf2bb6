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

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.testing.TestInfra;
import io.panzoto.testing.TopicReader;
import io.panzoto.audio.AudioTestResource;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** auth-service's user events, through the real broker: key salts arrive once; a deleted user leaves nothing. */
@QuarkusTest
@WithTestResource(AudioTestResource.class)
class UserEventsTest {
    @Inject
    DataSource database;

    @Test
    void aRegisteredUsersKeySaltIsStoredOnceThoughTheEventComesTwice() throws Exception {
        UUID user = UUID.randomUUID();
        byte[] salt = SecureRandoms.bytes(32);
        UUID eventId = UUID.randomUUID();
        String body = "{\"user_id\":\"" + user + "\",\"tier\":\"uce\",\"key_salt\":\"" + Bytes.hex(salt) + "\"}";
        publish("auth.user-registered", eventId, "auth.user-registered", user.toString(), body);
        publish("auth.user-registered", eventId, "auth.user-registered", user.toString(), body);
        awaitCount("SELECT count(*) FROM processed_events WHERE event_id = '" + eventId + "'", 1);
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT key_salt, tier FROM user_keys WHERE user_id = ?")) {
            query.setObject(1, user);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                assertArrayEquals(salt, row.getBytes(1));
                assertEquals("uce", row.getString(2));
                assertFalse(row.next());
            }
        }
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
