package io.panzoto.messaging.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.messaging.SimplexClient;
import io.panzoto.testing.RealInfraResource;
import io.panzoto.testing.SocketClient;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** New messages reach a subscribed WebSocket through the outbox and the broker, carrying ids only. */
@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class NotificationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/ws/links")
    URI socketUri;

    @BeforeEach
    void feedIsReading() throws InterruptedException {
        // Readiness includes the message feed: until it reads every partition a new message could go unannounced.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (RestAssured.get("/q/health/ready").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service did not become ready");
            }
            Thread.sleep(200);
        }
    }

    @Test
    void aSubscriberIsToldOfEachNewMessageOfItsLinkOnly() throws Exception {
        SimplexClient recipient = SimplexClient.register();
        SimplexClient other = SimplexClient.register();
        try (SocketClient socket = SocketClient.connect(ws(socketUri))) {
            Map<String, Object> proof = recipient.proof();
            socket.send(JSON.writeValueAsString(proof));
            JsonNode subscribed = JSON.readTree(socket.next(Duration.ofSeconds(10)));
            assertEquals("subscribed", subscribed.path("type").asText());
            assertEquals(recipient.clientId, subscribed.path("client_id").asLong());

            other.sendOk("not for this socket");
            long id = recipient.sendOk("for this socket");
            JsonNode notice = JSON.readTree(socket.next(Duration.ofSeconds(30)));
            assertEquals("message", notice.path("type").asText());
            assertEquals(id, notice.path("id").asLong(), "only the subscribed link's message is announced");
            assertEquals(recipient.clientId, notice.path("client_id").asLong());
        }
    }

    @Test
    void aBadProofClosesTheSocketWith4401() throws Exception {
        SimplexClient recipient = SimplexClient.register();
        SimplexClient impostor = SimplexClient.register();
        try (SocketClient socket = SocketClient.connect(ws(socketUri))) {
            String challenge = recipient.challenge();
            socket.send(JSON.writeValueAsString(Map.of("link_token", recipient.linkToken, "challenge", challenge,
                    "challenge_signature", impostor.sign(challenge))));
            assertEquals(4401, socket.awaitClose(Duration.ofSeconds(10)));
        }
        try (SocketClient socket = SocketClient.connect(ws(socketUri))) {
            socket.send("not json");
            assertEquals(4400, socket.awaitClose(Duration.ofSeconds(10)));
        }
    }

    @Test
    void rotatingTheFetchTokenOrDeletingTheLinkClosesItsSubscriptions() throws Exception {
        // Before: a socket proved with a leaked fetch token kept announcing messages after the owner rotated it.
        SimplexClient recipient = SimplexClient.register();
        try (SocketClient socket = SocketClient.connect(ws(socketUri))) {
            socket.send(JSON.writeValueAsString(Map.of("link_token", recipient.linkToken, "fetch_token", recipient.fetchToken)));
            assertEquals("subscribed", JSON.readTree(socket.next(Duration.ofSeconds(10))).path("type").asText());
            recipient.request().body(recipient.proof()).post("/rotate_fetch_token").then().statusCode(200);
            assertEquals(4401, socket.awaitClose(Duration.ofSeconds(30)));
        }
        try (SocketClient socket = SocketClient.connect(ws(socketUri))) {
            socket.send(JSON.writeValueAsString(recipient.proof()));
            assertEquals("subscribed", JSON.readTree(socket.next(Duration.ofSeconds(10))).path("type").asText());
            String challenge = recipient.challenge();
            RestAssured.given().header("X-Challenge", challenge).header("X-Challenge-Signature", recipient.sign(challenge))
                    .delete("/l/" + recipient.linkToken).then().statusCode(200);
            assertEquals(4401, socket.awaitClose(Duration.ofSeconds(30)));
        }
    }

    @Test
    void theEventCarriesIdsAndNothingElse() throws Exception {
        SimplexClient recipient = SimplexClient.register();
        String sealed = recipient.sealToMe("private words");
        long messageId = recipient.request().body(Map.of("link_token", recipient.linkToken, "encrypted_message", sealed,
                "metadata", Map.of("sender_nick", "Bob"))).post("/send").then().statusCode(201).extract().jsonPath().getLong("id");
        ConsumerRecord<String, String> record = TopicReader.awaitRecord("messaging.message-received",
                r -> Long.toString(recipient.clientId).equals(r.key()), Duration.ofSeconds(60));
        // The send statement sets the ids into the envelope the outbox prepared: all three must be this send's.
        JsonNode envelope = JSON.readTree(record.value());
        assertEquals(Long.toString(recipient.clientId), envelope.get("aggregate_id").asText());
        assertEquals("messaging.message-received", envelope.get("type").asText());
        assertEquals(recipient.clientId, envelope.at("/body/client_id").asLong());
        assertEquals(messageId, envelope.at("/body/message_id").asLong());
        assertEquals(2, envelope.get("body").size(), "ids only: " + envelope.get("body"));
        for (String secret : new String[] {recipient.linkToken, recipient.fetchToken, sealed, "Bob"}) {
            assertFalse(record.value().contains(secret), "the event leaked " + secret);
        }
    }

    static URI ws(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }
}
