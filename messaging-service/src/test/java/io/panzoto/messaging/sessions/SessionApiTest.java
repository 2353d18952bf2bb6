package io.panzoto.messaging.sessions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.crypto.AesGcm;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.storage.ObjectStore;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** SecureSession's sessions and messages over HTTP, with tokens from the real auth-service. */
@QuarkusTest
@WithTestResource(SessionTestResource.class)
class SessionApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource database;

    @Inject
    ObjectStore objects;

    @Test
    void participantsSeeTheSessionAndEachOthersCiphertextAndNoOneElseDoes() {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        SessionUser eve = SessionUser.signUp();
        Response created = alice.request().body(Map.of("participants", List.of(bob.id().toString()), "ttl_seconds", 3600))
                .post("/api/sessions");
        created.then().statusCode(201).body("created_by", equalTo(alice.id().toString()))
                .body("participants", containsInAnyOrder(alice.id().toString(), bob.id().toString()))
                .body("participants[0]", equalTo(alice.id().toString()))
                .body("burn_after_reading", equalTo(false)).body("max_messages", nullValue()).body("message_count", equalTo(0));
        String session = created.path("id");
        Duration lifetime = Duration.between(Instant.parse(created.path("created_at")), Instant.parse(created.path("expires_at")));
        assertEquals(Duration.ofHours(1), lifetime);

        bob.request().get("/api/sessions").then().statusCode(200).body("sessions.id", contains(session));
        bob.request().get("/api/sessions/" + session).then().statusCode(200).body("id", equalTo(session));
        eve.request().get("/api/sessions").then().statusCode(200).body("sessions", hasSize(0));
        eve.request().get("/api/sessions/" + session).then().statusCode(404).body("code", notNullValue());
        eve.request().get("/api/sessions/" + session + "/messages").then().statusCode(404);

        // The participants' session key (agreed between them; the server never sees it) seals the message.
        byte[] key = SecureRandoms.bytes(AesGcm.KEY_BYTES);
        byte[] nonce = SecureRandoms.bytes(AesGcm.NONCE_BYTES);
        byte[] plaintext = "meet at the river at nine".getBytes(StandardCharsets.UTF_8);
        byte[] sealed;
        try (SecretBytes k = SecretBytes.copyOf(key)) {
            sealed = AesGcm.seal(k, nonce, session.getBytes(StandardCharsets.UTF_8), plaintext, 0, plaintext.length);
        }
        Map<String, String> message = Map.of("ciphertext", Bytes.base64(sealed), "nonce", Bytes.base64(nonce), "algorithm", "aes-256-gcm");
        eve.request().body(message).post("/api/sessions/" + session + "/messages").then().statusCode(404);
        long id = alice.request().body(message).post("/api/sessions/" + session + "/messages").then().statusCode(201)
                .body("created_at", notNullValue()).extract().jsonPath().getLong("id");

        Response page = bob.request().get("/api/sessions/" + session + "/messages");
        page.then().statusCode(200).body("messages", hasSize(1)).body("messages[0].id", equalTo((int) id))
                .body("messages[0].sender_id", equalTo(alice.id().toString())).body("next_cursor", nullValue());
        byte[] received = Bytes.fromBase64(page.path("messages[0].ciphertext"));
        try (SecretBytes k = SecretBytes.copyOf(key)) {
            byte[] opened = AesGcm.open(k, Bytes.fromBase64(page.path("messages[0].nonce")), session.getBytes(StandardCharsets.UTF_8),
                    received, 0, received.length, "message");
            assertArrayEquals(plaintext, opened);
        }
        bob.request().get("/api/sessions/" + session).then().body("message_count", equalTo(1));
    }

    @Test
    void messagesPageOldestFirstByCursorAndBadInputIsA4xx() {
        SessionUser alice = SessionUser.signUp();
        String session = alice.request().body(Map.of()).post("/api/sessions").then().statusCode(201).extract().path("id");
        String path = "/api/sessions/" + session + "/messages";
        for (int i = 0; i < 3; i++) {
            alice.request().body(xchacha(i)).post(path).then().statusCode(201);
        }
        Response first = alice.request().queryParam("limit", 2).get(path);
        first.then().statusCode(200).body("messages", hasSize(2)).body("next_cursor", notNullValue());
        alice.request().queryParam("limit", 2).queryParam("cursor", first.path("next_cursor").toString()).get(path)
                .then().statusCode(200).body("messages", hasSize(1)).body("next_cursor", nullValue());

        alice.request().queryParam("limit", "ten").get(path).then().statusCode(400).body("code", equalTo("invalid_limit"));
        alice.request().queryParam("cursor", "x").get(path).then().statusCode(400).body("code", equalTo("invalid_cursor"));
        alice.request().body(Map.of("nonce", Bytes.base64(new byte[12]))).post(path).then().statusCode(400)
                .body("code", equalTo("missing_fields"));
        alice.request().body(Map.of("ciphertext", "***", "nonce", Bytes.base64(new byte[12]))).post(path).then().statusCode(400)
                .body("code", equalTo("invalid_base64"));
        alice.request().body(Map.of("ciphertext", Bytes.base64(new byte[40]), "nonce", Bytes.base64(new byte[24]))).post(path)
                .then().statusCode(400).body("code", equalTo("invalid_nonce"));
        alice.request().body(Map.of("ciphertext", Bytes.base64(new byte[40]), "nonce", Bytes.base64(new byte[12]), "algorithm", "rot13"))
                .post(path).then().statusCode(400).body("code", equalTo("invalid_algorithm"));
        alice.request().body(Map.of("ciphertext", Bytes.base64(new byte[16]), "nonce", Bytes.base64(new byte[12]))).post(path)
                .then().statusCode(400).body("code", equalTo("ciphertext_too_short"));
        alice.request().body(Map.of("ciphertext", Bytes.base64(new byte[65537]), "nonce", Bytes.base64(new byte[12]))).post(path)
                .then().statusCode(413).body("code", equalTo("message_too_large"));
        alice.request().body(Map.of("participants", List.of("not-a-user"))).post("/api/sessions").then().statusCode(400)
                .body("code", equalTo("invalid_participant"));
        alice.request().body(Map.of("ttl_seconds", 8 * 24 * 3600)).post("/api/sessions").then().statusCode(400)
                .body("code", equalTo("invalid_ttl"));
        alice.request().body("{oops").post("/api/sessions").then().statusCode(400);
        alice.request().get("/api/sessions/not-a-uuid").then().statusCode(404);
        given().get("/api/sessions").then().statusCode(401).body("code", equalTo("token_missing"));
        given().header("Authorization", "Bearer nonsense").get("/api/sessions").then().statusCode(401);
        alice.request().get(path).then().body("messages", hasSize(3)); // nothing refused was stored
    }

    @Test
    void aSessionTakesNoMoreThanItsMaxMessagesUnderConcurrentSenders() throws Exception {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        String session = alice.request().body(Map.of("participants", List.of(bob.id().toString()), "max_messages", 5))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
        String path = "/api/sessions/" + session + "/messages";
        List<Integer> statuses = java.util.stream.IntStream.range(0, 12).parallel()
                .mapToObj(i -> (i % 2 == 0 ? alice : bob).request().body(xchacha(i)).post(path).statusCode()).toList();
        assertEquals(5, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
        alice.request().get(path).then().body("messages", hasSize(5));
    }

    @Test
    void endingASessionDestroysItForEveryoneAndSaysSo() throws Exception {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        SessionUser eve = SessionUser.signUp();
        String session = alice.request().body(Map.of("participants", List.of(bob.id().toString())))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
        alice.request().body(xchacha(1)).post("/api/sessions/" + session + "/messages").then().statusCode(201);
        eve.request().delete("/api/sessions/" + session).then().statusCode(404);
        bob.request().delete("/api/sessions/" + session).then().statusCode(204);
        alice.request().get("/api/sessions/" + session).then().statusCode(404);
        alice.request().delete("/api/sessions/" + session).then().statusCode(404);
        assertEquals(0, rowsOf(session), "nothing of the session remains");
        assertSessionExpired(session, "ended");
    }

    @Test
    void aSessionPastItsTtlIsHiddenAtOnceThenDestroyed() throws Exception {
        SessionUser alice = SessionUser.signUp();
        String session = alice.request().body(Map.of("ttl_seconds", 60)).post("/api/sessions").then().statusCode(201)
                .extract().path("id");
        alice.request().body(xchacha(1)).post("/api/sessions/" + session + "/messages").then().statusCode(201);
        sendFile(alice, session);
        execute("UPDATE secure_sessions SET expires_at = now() - interval '1 second' WHERE id = '" + session + "'");
        alice.request().get("/api/sessions/" + session).then().statusCode(404);
        alice.request().get("/api/sessions").then().body("sessions.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(session)));
        alice.request().body(xchacha(2)).post("/api/sessions/" + session + "/messages").then().statusCode(404);
        awaitNothingLeft(session); // the scheduled expiry, then the bucket's side of it
        assertSessionExpired(session, "expired");
    }

    @Test
    void anInvitationLetsOneUserJoinOnceAndIsKeptWhenAJoinIsRefused() {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        SessionUser carol = SessionUser.signUp();
        SessionUser eve = SessionUser.signUp();
        String session = alice.request().body(Map.of("ttl_seconds", 3600)).post("/api/sessions").then().statusCode(201)
                .extract().path("id");
        eve.request().post("/api/sessions/" + session + "/invites").then().statusCode(404);
        Response invited = alice.request().post("/api/sessions/" + session + "/invites");
        invited.then().statusCode(201).body("session_id", equalTo(session));
        String token = invited.path("invite_token");
        Duration left = Duration.between(Instant.now(), Instant.parse(invited.path("expires_at")));
        assertEquals(true, left.compareTo(Duration.ofMinutes(61)) < 0, "an invitation never outlives its session: " + left);

        // The inviter is in already: refused, and the invitation is still there for someone else.
        alice.request().body(Map.of("invite_token", token)).post("/api/sessions/join").then().statusCode(409)
                .body("code", equalTo("already_participant"));
        bob.request().body(Map.of("invite_token", token)).post("/api/sessions/join").then().statusCode(200)
                .body("id", equalTo(session)).body("participants", containsInAnyOrder(alice.id().toString(), bob.id().toString()));
        carol.request().body(Map.of("invite_token", token)).post("/api/sessions/join").then().statusCode(404);
        carol.request().body(Map.of("invite_token", "not a token")).post("/api/sessions/join").then().statusCode(404);
        carol.request().body(Map.of()).post("/api/sessions/join").then().statusCode(404);
        bob.request().get("/api/sessions/" + session + "/messages").then().statusCode(200);
        carol.request().get("/api/sessions/" + session).then().statusCode(404);

        // Three participants at most in tests: carol fits, dave does not, and his invitation is kept.
        String forCarol = bob.request().post("/api/sessions/" + session + "/invites").then().statusCode(201).extract().path("invite_token");
        carol.request().body(Map.of("invite_token", forCarol)).post("/api/sessions/join").then().statusCode(200);
        SessionUser dave = SessionUser.signUp();
        String forDave = carol.request().post("/api/sessions/" + session + "/invites").then().statusCode(201).extract().path("invite_token");
        for (int attempt = 0; attempt < 2; attempt++) {
            dave.request().body(Map.of("invite_token", forDave)).post("/api/sessions/join").then().statusCode(409)
                    .body("code", equalTo("session_full"));
        }
        alice.request().body(Map.of("participants", List.of(bob.id().toString(), carol.id().toString(), dave.id().toString())))
                .post("/api/sessions").then().statusCode(400).body("code", equalTo("too_many_participants"));
    }

    @Test
    void burnAfterReadingDestroysAMessageOnceEveryOtherParticipantReadIt() throws Exception {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        SessionUser carol = SessionUser.signUp();
        SessionUser eve = SessionUser.signUp();
        String session = alice.request().body(Map.of("participants", List.of(bob.id().toString(), carol.id().toString()),
                "burn_after_reading", true)).post("/api/sessions").then().statusCode(201).body("burn_after_reading", equalTo(true))
                .extract().path("id");
        String path = "/api/sessions/" + session + "/messages";
        long first = alice.request().body(xchacha(1)).post(path).then().statusCode(201).extract().jsonPath().getLong("id");
        long second = alice.request().body(xchacha(2)).post(path).then().statusCode(201).extract().jsonPath().getLong("id");

        eve.request().body(Map.of("message_ids", List.of(first))).post(path + "/ack").then().statusCode(404);
        alice.request().body(Map.of("message_ids", List.of(first))).post(path + "/ack").then().statusCode(200)
                .body("acknowledged", equalTo(0)); // a sender's own message needs no receipt from them
        bob.request().body(Map.of("message_ids", List.of(first, second))).post(path + "/ack").then().statusCode(200)
                .body("acknowledged", equalTo(2)).body("burnt", equalTo(0));
        carol.request().body(Map.of("message_ids", List.of(first))).post(path + "/ack").then().statusCode(200)
                .body("acknowledged", equalTo(1)).body("burnt", equalTo(1));
        carol.request().get(path).then().body("messages.id", contains((int) second));
        assertEquals(0, count("SELECT count(*) FROM secure_session_messages WHERE id = " + first)
                + count("SELECT count(*) FROM secure_session_receipts WHERE message_id = " + first), "the burnt message left nothing");
        carol.request().body(Map.of("message_ids", List.of(first))).post(path + "/ack").then().statusCode(200)
                .body("acknowledged", equalTo(0)).body("burnt", equalTo(0));
        bob.request().body(Map.of()).post(path + "/ack").then().statusCode(400).body("code", equalTo("missing_fields"));

        // Without burn-after-reading, receipts are kept and nothing burns.
        String keeps = alice.request().body(Map.of("participants", List.of(bob.id().toString()))).post("/api/sessions")
                .then().statusCode(201).extract().path("id");
        long kept = alice.request().body(xchacha(3)).post("/api/sessions/" + keeps + "/messages").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        bob.request().body(Map.of("message_ids", List.of(kept))).post("/api/sessions/" + keeps + "/messages/ack").then()
                .statusCode(200).body("acknowledged", equalTo(1)).body("burnt", equalTo(0));
        bob.request().get("/api/sessions/" + keeps + "/messages").then().body("messages", hasSize(1));
    }

    @Test
    void deletingAnAccountDestroysEverySessionItTookPartIn() throws Exception {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        String shared = alice.request().body(Map.of("participants", List.of(bob.id().toString())))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
        String bobsOwn = bob.request().body(Map.of()).post("/api/sessions").then().statusCode(201).extract().path("id");
        bob.request().body(xchacha(1)).post("/api/sessions/" + shared + "/messages").then().statusCode(201);
        sendFile(bob, shared);

        // The real auth-service deletes the account and publishes auth.user-deleted through its outbox.
        given().baseUri(io.panzoto.testing.TestAuthService.start()).header("Authorization", "Bearer " + alice.token())
                .contentType(io.restassured.http.ContentType.JSON).body(Map.of("password", SessionUser.PASSWORD))
                .delete("/api/v1/me").then().statusCode(204);
        assertSessionExpired(shared, "account_deleted");
        awaitNothingLeft(shared);
        bob.request().get("/api/sessions/" + shared).then().statusCode(404);
        bob.request().get("/api/sessions").then().statusCode(200).body("sessions.id", contains(bobsOwn));
    }

    private static Map<String, String> xchacha(int i) {
        return Map.of("ciphertext", Bytes.base64(SecureRandoms.bytes(17 + i)), "nonce", Bytes.base64(SecureRandoms.bytes(24)),
                "algorithm", "xchacha20-poly1305");
    }

    private static void assertSessionExpired(String session, String reason) throws Exception {
        ConsumerRecord<String, String> record = TopicReader.awaitRecord("messaging.session-expired",
                r -> session.equals(r.key()), Duration.ofSeconds(60));
        JsonNode envelope = JSON.readTree(record.value());
        assertEquals(session, envelope.at("/body/session_id").asText());
        assertEquals(reason, envelope.at("/body/reason").asText());
    }

    private long rowsOf(String session) throws SQLException {
        return SessionRemains.rows(database, session);
    }

    /** A client-encrypted file in the session, so that its destruction must reach the bucket too. */
    private static void sendFile(SessionUser sender, String session) {
        sender.request().contentType("application/octet-stream").queryParam("session_id", session).body(SecureRandoms.bytes(4096))
                .post("/api/files/upload").then().statusCode(201);
    }

    private void awaitNothingLeft(String session) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((rowsOf(session) != 0 || SessionRemains.objects(objects, session) != 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, rowsOf(session), "no row of the destroyed session remains");
        assertEquals(0, SessionRemains.objects(objects, session), "no object of the destroyed session remains");
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
