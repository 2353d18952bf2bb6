package io.panzoto.messaging.live;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.testing.PackagedService;
import io.panzoto.testing.SocketClient;
import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TestInfra;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged replicas on one database and broker, as Kubernetes runs them: a message sent on one
 * replica's socket reaches a participant's socket on the other, and when that replica restarts nothing
 * is lost: the client reconnects and pages from the last id it saw.
 */
class SessionReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<PackagedService> REPLICAS = new ArrayList<>();
    private static final Map<String, String> CONFIG = new HashMap<>();

    @BeforeAll
    static void configure() {
        CONFIG.putAll(TestInfra.serviceConfig("messaging"));
        CONFIG.put("panzoto.messaging.token-pepper", "aW50ZWdyYXRpb24tdGVzdC1vbmx5LXBlcHBlci0zMmJ5dGVz");
        CONFIG.put("mp.jwt.verify.publickey.location", TestAuthService.jwksUrl());
        CONFIG.put("quarkus.rest-client.auth-keys.url", TestAuthService.start());
    }

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(PackagedService::close);
    }

    @Test
    void messagesCrossReplicasLiveAndARestartedReplicaLosesNone() throws Exception {
        PackagedService a = start("a");
        PackagedService b = start("b");
        String[] alice = signUp();
        String[] bob = signUp();
        String session = given().baseUri(a.baseUrl()).header("Authorization", "Bearer " + alice[0]).contentType(ContentType.JSON)
                .body(Map.of("participants", List.of(bob[1]))).post("/api/sessions").then().statusCode(201).extract().path("id");

        long lastSeen;
        try (SocketClient alicesOnA = open(a, alice[0], session); SocketClient bobsOnB = open(b, bob[0], session)) {
            alicesOnA.send(message("m1"));
            long id = next(alicesOnA, "sent").path("id").asLong();
            assertEquals(id, next(bobsOnB, "message").path("id").asLong());
            lastSeen = id;
        }

        b.close(); // replica b goes down; alice goes on writing through a
        List<Long> whileDown = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            whileDown.add(given().baseUri(a.baseUrl()).header("Authorization", "Bearer " + alice[0]).contentType(ContentType.JSON)
                    .body(JSON.readValue(message("d" + i), Map.class)).post("/api/sessions/" + session + "/messages")
                    .then().statusCode(201).extract().jsonPath().getLong("id"));
        }

        PackagedService restarted = start("b-restarted");
        try (SocketClient bobsAgain = open(restarted, bob[0], session)) {
            Response missed = given().baseUri(restarted.baseUrl()).header("Authorization", "Bearer " + bob[0])
                    .queryParam("cursor", lastSeen).get("/api/sessions/" + session + "/messages");
            missed.then().statusCode(200);
            assertEquals(whileDown, missed.jsonPath().getList("messages.id", Long.class));

            long after = given().baseUri(a.baseUrl()).header("Authorization", "Bearer " + alice[0]).contentType(ContentType.JSON)
                    .body(JSON.readValue(message("after"), Map.class)).post("/api/sessions/" + session + "/messages")
                    .then().statusCode(201).extract().jsonPath().getLong("id");
            assertEquals(after, next(bobsAgain, "message").path("id").asLong());
        }
    }

    private static PackagedService start(String name) {
        PackagedService replica = PackagedService.start("replica-" + name, System.getProperty("messaging.jar"), CONFIG);
        REPLICAS.add(replica);
        return replica;
    }

    /** A signed-up user: its access token and its id. */
    private static String[] signUp() {
        Response registered = given().baseUri(TestAuthService.start()).contentType(ContentType.JSON)
                .body(Map.of("email", "replicas-" + UUID.randomUUID() + "@example.org", "password", "a long replica pass phrase"))
                .post("/api/register");
        registered.then().statusCode(201);
        return new String[] {registered.path("token"), registered.path("user_id")};
    }

    private static SocketClient open(PackagedService replica, String token, String session) throws Exception {
        SocketClient socket = SocketClient.connect(URI.create(replica.baseUrl().replaceFirst("^http", "ws") + "/ws/sessions/" + session));
        socket.send(JSON.writeValueAsString(Map.of("type", "auth", "access_token", token)));
        next(socket, "ready");
        return socket;
    }

    private static String message(String ref) throws Exception {
        return JSON.writeValueAsString(Map.of("type", "message", "ref", ref, "algorithm", "xchacha20-poly1305",
                "nonce", Bytes.base64(SecureRandoms.bytes(24)), "ciphertext", Bytes.base64(SecureRandoms.bytes(48))));
    }

    private static JsonNode next(SocketClient socket, String type) throws Exception {
        return socket.next(type, WAIT);
    }
}
