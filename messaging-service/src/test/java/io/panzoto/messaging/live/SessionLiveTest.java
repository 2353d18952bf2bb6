package io.panzoto.messaging.live;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.crypto.AesGcm;
import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.kdf.Hkdf;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.sodium.X25519;
import io.panzoto.messaging.keys.SessionKeys;
import io.panzoto.messaging.sessions.SessionTestResource;
import io.panzoto.messaging.sessions.SessionUser;
import io.panzoto.testing.SocketClient;
import io.panzoto.testing.TestAuthService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * SecureSession live, through HTTP and {@code /ws/sessions/{id}} with lazysodium doing the client side:
 * signed ephemeral keys checked against auth-service's registry, keys that agree, ciphertext relayed to
 * every participant's socket and nothing readable stored, and every way a socket is refused or closed.
 */
@QuarkusTest
@WithTestResource(SessionTestResource.class)
class SessionLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource database;

    /** A participant's client: its identity key (registered at auth-service) and its ephemeral key for one session. */
    private record Client(SessionUser user, Ed25519.KeyPair identity, SecretBytes ephemeral) {
        static Client of(SessionUser user) {
            Ed25519.KeyPair identity = Ed25519.generate();
            given().baseUri(TestAuthService.start()).header("Authorization", "Bearer " + user.token()).contentType(ContentType.JSON)
                    .body(Map.of("kind", "ed25519", "public_key", Bytes.base64(identity.publicKey()))).post("/api/v1/keys")
                    .then().statusCode(201);
            return new Client(user, identity, SecretBytes.copyOf(SecureRandoms.bytes(X25519.KEY_BYTES)));
        }

        String ephemeralPublic() {
            return Bytes.base64(X25519.publicKey(ephemeral));
        }

        Map<String, String> signedKey(String session) {
            String publicKey = ephemeralPublic();
            byte[] signature = Ed25519.sign(SessionKeys.signedText(session, user.id().toString(), publicKey), identity.secretKey());
            return Map.of("public_key", publicKey, "signature", Bytes.base64(signature));
        }

        /** The pairwise key with a peer: X25519, then HKDF bound to the session and both public keys (sorted). */
        byte[] keyWith(String session, String peerPublic) {
            List<String> both = new ArrayList<>(List.of(ephemeralPublic(), peerPublic));
            both.sort(null);
            try (SecretBytes shared = X25519.sharedSecret(ephemeral, Bytes.fromBase64(peerPublic));
                 SecretBytes key = Hkdf.derive(shared.bytes(), (both.get(0) + both.get(1)).getBytes(StandardCharsets.UTF_8),
                         ("panzoto:session:v1:" + session).getBytes(StandardCharsets.UTF_8), AesGcm.KEY_BYTES)) {
                return key.bytes().clone();
            }
        }
    }

    @Test
    void threeParticipantsExchangeSignedKeysAndCiphertextLive() throws Exception {
        Client alice = Client.of(SessionUser.signUp());
        Client bob = Client.of(SessionUser.signUp());
        Client carol = Client.of(SessionUser.signUp());
        SessionUser eve = SessionUser.signUp();
        String session = alice.user().request()
                .body(Map.of("participants", List.of(bob.user().id().toString(), carol.user().id().toString())))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
        String keys = "/api/sessions/" + session + "/keys";

        try (SocketClient aliceSocket = open(alice.user(), session); SocketClient bobSocket = open(bob.user(), session);
             SocketClient carolSocket = open(carol.user(), session)) {
            for (Client client : List.of(alice, bob, carol)) {
                client.user().request().body(client.signedKey(session)).post(keys).then().statusCode(201)
                        .body("user_id", equalTo(client.user().id().toString()))
                        .body("identity_key", equalTo(Bytes.base64(client.identity().publicKey())));
            }
            // Each socket hears of all three keys, from whichever participant posted them.
            for (SocketClient socket : List.of(aliceSocket, bobSocket, carolSocket)) {
                List<String> announced = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    announced.add(next(socket, "key").path("user_id").asText());
                }
                assertEquals(3, announced.stream().distinct().count(), announced.toString());
            }

            // Every participant checks every signature itself against the identity key it names, then derives.
            JsonNode set = JSON.readTree(bob.user().request().get(keys).then().statusCode(200).body("keys", hasSize(3)).extract().asString());
            Map<String, String> ephemeralOf = new HashMap<>();
            for (JsonNode key : set.path("keys")) {
                assertTrue(Ed25519.verify(Bytes.fromBase64(key.path("signature").asText()),
                        SessionKeys.signedText(session, key.path("user_id").asText(), key.path("public_key").asText()),
                        Bytes.fromBase64(key.path("identity_key").asText())));
                ephemeralOf.put(key.path("user_id").asText(), key.path("public_key").asText());
            }
            byte[] aliceBob = alice.keyWith(session, ephemeralOf.get(bob.user().id().toString()));
            assertArrayEquals(aliceBob, bob.keyWith(session, ephemeralOf.get(alice.user().id().toString())));
            assertArrayEquals(alice.keyWith(session, ephemeralOf.get(carol.user().id().toString())),
                    carol.keyWith(session, ephemeralOf.get(alice.user().id().toString())));
            assertArrayEquals(bob.keyWith(session, ephemeralOf.get(carol.user().id().toString())),
                    carol.keyWith(session, ephemeralOf.get(bob.user().id().toString())));

            // Alice writes to Bob over her socket; every participant's socket gets the ciphertext, only Bob opens it.
            byte[] plaintext = "the courier leaves at dawn".getBytes(StandardCharsets.UTF_8);
            byte[] nonce = SecureRandoms.bytes(AesGcm.NONCE_BYTES);
            byte[] sealed;
            try (SecretBytes key = SecretBytes.copyOf(aliceBob)) {
                sealed = AesGcm.seal(key, nonce, session.getBytes(StandardCharsets.UTF_8), plaintext, 0, plaintext.length);
            }
            aliceSocket.send(JSON.writeValueAsString(Map.of("type", "message", "ref", "m1", "algorithm", "aes-256-gcm",
                    "nonce", Bytes.base64(nonce), "ciphertext", Bytes.base64(sealed))));
            JsonNode sent = next(aliceSocket, "sent");
            assertEquals("m1", sent.path("ref").asText());
            long id = sent.path("id").asLong();
            for (SocketClient socket : List.of(aliceSocket, bobSocket, carolSocket)) {
                JsonNode message = next(socket, "message");
                assertEquals(id, message.path("id").asLong());
                assertEquals(alice.user().id().toString(), message.path("sender_id").asText());
            }
            JsonNode received = JSON.readTree(bob.user().request().get("/api/sessions/" + session + "/messages").asString()).path("messages").get(0);
            byte[] ciphertext = Bytes.fromBase64(received.path("ciphertext").asText());
            try (SecretBytes key = SecretBytes.copyOf(aliceBob)) {
                assertArrayEquals(plaintext, AesGcm.open(key, Bytes.fromBase64(received.path("nonce").asText()),
                        session.getBytes(StandardCharsets.UTF_8), ciphertext, 0, ciphertext.length, "message"));
            }
            byte[] carolsGuess = carol.keyWith(session, ephemeralOf.get(alice.user().id().toString()));
            try (SecretBytes key = SecretBytes.copyOf(carolsGuess)) {
                assertThrows(AuthenticationFailedException.class, () -> AesGcm.open(key, nonce,
                        session.getBytes(StandardCharsets.UTF_8), ciphertext, 0, ciphertext.length, "message"));
            }
            assertFalse(tableDumpContains(plaintext), "the server holds ciphertext only");

            // Acknowledging over the socket.
            bobSocket.send(JSON.writeValueAsString(Map.of("type", "ack", "ref", "a1", "message_ids", List.of(id))));
            assertEquals(1, next(bobSocket, "acked").path("acknowledged").asInt());

            // Eve is no participant: no keys, no socket.
            eve.request().get(keys).then().statusCode(404);
            eve.request().body(alice.signedKey(session)).post(keys).then().statusCode(404);
            try (SocketClient evesSocket = SocketClient.connect(socketUri(session))) {
                evesSocket.send(JSON.writeValueAsString(Map.of("type", "auth", "access_token", eve.token())));
                assertEquals(SessionSocket.NOT_PARTICIPANT, evesSocket.awaitClose(WAIT));
            }
        }
    }

    @Test
    void aForgedOrUnregisteredKeySignatureIsRefused() {
        Client alice = Client.of(SessionUser.signUp());
        SessionUser unregistered = SessionUser.signUp();
        String session = alice.user().request().body(Map.of("participants", List.of(unregistered.id().toString())))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
        String keys = "/api/sessions/" + session + "/keys";
        // Signed by a key auth-service never registered for Alice.
        Client impostor = new Client(alice.user(), Ed25519.generate(), SecretBytes.copyOf(SecureRandoms.bytes(32)));
        alice.user().request().body(impostor.signedKey(session)).post(keys).then().statusCode(400).body("code", equalTo("invalid_signature"));
        // Alice's real signature, replayed for another session.
        String other = alice.user().request().body(Map.of()).post("/api/sessions").then().statusCode(201).extract().path("id");
        alice.user().request().body(alice.signedKey(other)).post(keys).then().statusCode(400).body("code", equalTo("invalid_signature"));
        alice.user().request().body(Map.of("public_key", "AAAA", "signature", Bytes.base64(new byte[64]))).post(keys)
                .then().statusCode(400).body("code", equalTo("invalid_public_key"));
        alice.user().request().body(Map.of("public_key", alice.ephemeralPublic())).post(keys).then().statusCode(400)
                .body("code", equalTo("missing_fields"));
        // No identity key registered: nothing to check a signature against.
        unregistered.request().body(Map.of("public_key", alice.ephemeralPublic(), "signature", Bytes.base64(new byte[64])))
                .post(keys).then().statusCode(409).body("code", equalTo("identity_key_missing"));
        alice.user().request().get(keys).then().statusCode(200).body("keys", hasSize(0));
    }

    @Test
    void socketsAreRefusedWithoutAValidTokenAndClosedWhenTheTokenIsRevokedOrTheSessionEnds() throws Exception {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        String session = alice.request().body(Map.of("participants", List.of(bob.id().toString())))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
        try (SocketClient noAuth = SocketClient.connect(socketUri(session))) {
            noAuth.send("{\"type\":\"message\",\"ciphertext\":\"AAAA\"}");
            assertEquals(SessionSocket.BAD_FRAME, noAuth.awaitClose(WAIT));
        }
        try (SocketClient forged = SocketClient.connect(socketUri(session))) {
            forged.send("{\"type\":\"auth\",\"access_token\":\"eyJhbGciOiJub25lIn0.e30.\"}");
            assertEquals(SessionSockets.UNAUTHENTICATED, forged.awaitClose(WAIT));
        }

        // Bob ends every one of his sessions at auth-service: his open socket closes.
        try (SocketClient bobs = open(bob, session)) {
            given().baseUri(TestAuthService.start()).header("Authorization", "Bearer " + bob.token()).post("/api/v1/auth/logout-all")
                    .then().statusCode(200);
            assertEquals(SessionSockets.UNAUTHENTICATED, bobs.awaitClose(WAIT));
        }

        // Refused frames are answered, not stored, and the socket lives on.
        try (SocketClient alices = open(alice, session)) {
            alices.send("{\"type\":\"message\",\"ref\":\"bad\",\"nonce\":\"AAAA\"}");
            JsonNode error = next(alices, "error");
            assertEquals("bad", error.path("ref").asText());
            assertEquals("missing_fields", error.path("code").asText());
            alices.send("{\"type\":\"dance\"}");
            assertEquals("unknown_frame", next(alices, "error").path("code").asText());
            alices.send("not json at all");
            assertEquals("invalid_frame", next(alices, "error").path("code").asText());
            alices.send("[1, 2]");
            assertEquals("invalid_frame", next(alices, "error").path("code").asText());

            alice.request().delete("/api/sessions/" + session).then().statusCode(204);
            assertEquals(SessionSockets.SESSION_GONE, alices.awaitClose(WAIT));
        }
        try (SocketClient late = SocketClient.connect(socketUri(session))) {
            late.send(JSON.writeValueAsString(Map.of("type", "auth", "access_token", alice.token())));
            assertEquals(SessionSocket.NOT_PARTICIPANT, late.awaitClose(WAIT));
        }
    }

    @Test
    void aSocketSendingTooFastIsToldToWaitAndLosesNothing() throws Exception {
        SessionUser alice = SessionUser.signUp();
        String session = alice.request().body(Map.of()).post("/api/sessions").then().statusCode(201).extract().path("id");
        int frames = 40;
        try (SocketClient socket = open(alice, session)) {
            for (int i = 0; i < frames; i++) {
                socket.send(JSON.writeValueAsString(Map.of("type", "message", "ref", "r" + i, "algorithm", "xchacha20-poly1305",
                        "nonce", Bytes.base64(SecureRandoms.bytes(24)), "ciphertext", Bytes.base64(SecureRandoms.bytes(40)))));
            }
            int sent = 0;
            int limited = 0;
            while (sent + limited < frames) {
                JsonNode answer = JSON.readTree(socket.next(WAIT));
                switch (answer.path("type").asText()) {
                    case "sent" -> sent++;
                    case "error" -> {
                        assertEquals("rate_limited", answer.path("code").asText());
                        assertTrue(answer.path("retry_after_ms").asLong() > 0);
                        limited++;
                    }
                    default -> { }
                }
            }
            assertTrue(limited > 0, "40 frames at once pass a budget of 20 a second");
            int stored = sent;
            given().header("Authorization", "Bearer " + alice.token()).queryParam("limit", 200).get("/api/sessions/" + session + "/messages")
                    .then().statusCode(200).body("messages", hasSize(stored));
        }
    }

    private SocketClient open(SessionUser user, String session) throws Exception {
        SocketClient socket = SocketClient.connect(socketUri(session));
        socket.send(JSON.writeValueAsString(Map.of("type", "auth", "access_token", user.token())));
        JsonNode ready = next(socket, "ready");
        assertEquals(session, ready.path("session_id").asText());
        return socket;
    }

    private URI socketUri(String session) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/sessions/" + session);
    }

    private static JsonNode next(SocketClient socket, String type) throws Exception {
        return socket.next(type, WAIT);
    }

    /** Whether any SecureSession table holds these bytes. */
    private boolean tableDumpContains(byte[] plaintext) throws Exception {
        String hex = Bytes.hex(plaintext);
        try (Connection connection = database.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("""
                     SELECT count(*) FROM secure_session_messages m
                     WHERE position(decode('%s', 'hex') IN m.ciphertext) > 0 OR position(decode('%s', 'hex') IN m.nonce) > 0
                     """.formatted(hex, hex))) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }
}
