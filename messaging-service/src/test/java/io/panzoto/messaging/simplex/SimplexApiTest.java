package io.panzoto.messaging.simplex;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.messaging.SimplexClient;
import io.panzoto.testing.RealInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** The PyCrypt simplex API over HTTP, against the real database and broker. */
@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "messaging"))
class SimplexApiTest {

    @Test
    void fullFlowWithChallengeSignatureDeliversWhatTheSenderSealed() {
        SimplexClient recipient = SimplexClient.register(null, "Alice");
        assertTrue(recipient.clientId > 0);
        assertEquals(43, recipient.linkToken.length());

        // A sender knows only the link: it reads the recipient's keys and seals to the X25519 one.
        Response link = given().get("/l/" + recipient.linkToken);
        link.then().statusCode(200).body("display_name", equalTo("Alice"))
                .body("public_key", equalTo(Bytes.base64(recipient.keys.publicKey())))
                .body("x25519_public_key", equalTo(Bytes.base64(Ed25519.toX25519PublicKey(recipient.keys.publicKey()))));
        String sealed = SimplexClient.seal("meet at noon", link.path("x25519_public_key"));
        Response sent = given().contentType(ContentType.JSON)
                .body(Map.of("link_token", recipient.linkToken, "encrypted_message", sealed, "metadata", Map.of("sender_nick", "Bob")))
                .post("/send");
        sent.then().statusCode(201).body("message", equalTo("Message sent successfully"));
        long id = sent.jsonPath().getLong("id");

        Response fetched = recipient.request().body(recipient.proof()).post("/fetch");
        fetched.then().statusCode(200).body("message", equalTo("Messages retrieved successfully")).body("data", hasSize(1))
                .body("data[0].seen", equalTo(false)).body("data[0].metadata.sender_nick", equalTo("Bob"));
        assertEquals(id, fetched.jsonPath().getLong("data[0].id"));
        assertEquals(sealed, fetched.path("data[0].encrypted_message"));
        assertEquals("meet at noon", recipient.open(fetched.path("data[0].encrypted_message")));
        assertTrue(fetched.<String>path("data[0].created_at").startsWith("20"));

        Map<String, Object> ack = recipient.proof();
        ack.put("message_ids", List.of(id));
        recipient.request().body(ack).post("/ack").then().statusCode(200)
                .body("message", equalTo("Messages marked as seen")).body("count", equalTo(1));
        recipient.fetchWithToken(Map.of()).then().statusCode(200).body("data", hasSize(0));
        recipient.fetchWithToken(Map.of("include_seen", true)).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].seen", equalTo(true));
        // Seed 002 lists include_seen as a parameter: the query string works as the body does.
        recipient.request().header("Authorization", "Bearer " + recipient.fetchToken).queryParam("include_seen", "true")
                .body(Map.of("link_token", recipient.linkToken)).post("/fetch").then().statusCode(200).body("data", hasSize(1));
        recipient.request().header("Authorization", "Bearer " + recipient.fetchToken).queryParam("include_seen", "maybe")
                .body(Map.of("link_token", recipient.linkToken)).post("/fetch").then().statusCode(400).body("error", notNullValue());
    }

    @Test
    void fetchTokenAuthenticatesAndAWrongOneIs401() {
        SimplexClient recipient = SimplexClient.register();
        long id = recipient.sendOk("hello");
        recipient.fetchWithToken(Map.of()).then().statusCode(200).body("data[0].id", equalTo((int) id));
        recipient.request().header("Authorization", "Bearer " + recipient.fetchToken + "x")
                .body(Map.of("link_token", recipient.linkToken)).post("/fetch")
                .then().statusCode(401).body("error", equalTo("Invalid fetch_token"));
        recipient.request().body(Map.of("link_token", recipient.linkToken)).post("/fetch")
                .then().statusCode(401).body("error", equalTo("Authentication required (challenge_signature or Authorization header)"));
        SimplexClient other = SimplexClient.register();
        recipient.request().header("Authorization", "Bearer " + other.fetchToken)
                .body(Map.of("link_token", recipient.linkToken)).post("/fetch").then().statusCode(401);
    }

    @Test
    void aChallengeWorksOnceAndOnlyForItsOwnLink() {
        SimplexClient recipient = SimplexClient.register();
        Map<String, Object> proof = recipient.proof();
        recipient.request().body(proof).post("/fetch").then().statusCode(200);
        recipient.request().body(proof).post("/fetch").then().statusCode(401).body("error", equalTo("Invalid or expired challenge"));

        // Another link's challenge, signed with the right key, does not open this link.
        SimplexClient other = SimplexClient.register();
        String foreign = other.challenge();
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", foreign,
                "challenge_signature", recipient.sign(foreign))).post("/fetch").then().statusCode(401);
        // A made-up challenge, signed correctly, is not a challenge.
        String invented = "invented-challenge";
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", invented,
                "challenge_signature", recipient.sign(invented))).post("/fetch").then().statusCode(401);
    }

    @Test
    void aSignatureByAnotherKeyIs401AndLeavesTheChallengeUsable() {
        SimplexClient recipient = SimplexClient.register();
        SimplexClient impostor = SimplexClient.register();
        String challenge = recipient.challenge();
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", challenge,
                "challenge_signature", impostor.sign(challenge))).post("/fetch")
                .then().statusCode(401).body("error", equalTo("Invalid signature"));
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", challenge,
                "challenge_signature", "not base64!")).post("/fetch").then().statusCode(401);
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", challenge,
                "challenge_signature", recipient.sign(challenge))).post("/fetch").then().statusCode(200);
    }

    @Test
    void challengesAreStandardBase64AsPyCryptsClientsDecodeThem() {
        SimplexClient recipient = SimplexClient.register();
        for (int i = 0; i < 5; i++) {
            String challenge = recipient.challenge();
            // Before: unpadded base64url, which a standard decoder refuses for '-', '_' or the missing padding.
            assertTrue(challenge.matches("[A-Za-z0-9+/]+={0,2}") && challenge.length() % 4 == 0, challenge);
            assertEquals(32, Base64.getDecoder().decode(challenge).length);
        }
    }

    @Test
    void unknownLinksAre404Everywhere() {
        String unknown = "no-such-link-token";
        given().get("/l/" + unknown).then().statusCode(404).body("error", equalTo("Invalid link_token"));
        given().contentType(ContentType.JSON).body(Map.of("link_token", unknown, "encrypted_message",
                SimplexClient.register().sealToMe("x"))).post("/send").then().statusCode(404).body("error", equalTo("Invalid link_token"));
        given().contentType(ContentType.JSON).body(Map.of("link_token", unknown)).post("/challenge_request").then().statusCode(404);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer x").body(Map.of("link_token", unknown))
                .post("/fetch").then().statusCode(404);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer x")
                .body(Map.of("link_token", unknown, "message_ids", List.of(1))).post("/ack").then().statusCode(404);
    }

    @Test
    void ackTouchesOnlyTheCallersOwnMessages() {
        SimplexClient alice = SimplexClient.register();
        SimplexClient bob = SimplexClient.register();
        long bobsMessage = bob.sendOk("for bob");
        long alicesMessage = alice.sendOk("for alice");
        alice.ackWithToken(List.of(bobsMessage, alicesMessage), false).then().statusCode(200).body("count", equalTo(1));
        bob.fetchWithToken(Map.of()).then().body("data", hasSize(1)).body("data[0].seen", equalTo(false));
        alice.ackWithToken(List.of(bobsMessage), true).then().statusCode(200).body("count", equalTo(0));
        bob.fetchWithToken(Map.of()).then().body("data", hasSize(1));
        // Nor can Alice read Bob's messages with her own credentials.
        alice.request().header("Authorization", "Bearer " + alice.fetchToken).body(Map.of("link_token", bob.linkToken))
                .post("/fetch").then().statusCode(401);
    }

    @Test
    void ackWithDeleteRemovesMessagesAndFreesTheQuota() {
        SimplexClient recipient = SimplexClient.register();
        long first = recipient.sendOk("one");
        long second = recipient.sendOk("two");
        recipient.ackWithToken(List.of(first), false).then().body("count", equalTo(1));
        recipient.ackWithToken(List.of(first, second), true).then().statusCode(200)
                .body("message", equalTo("Messages deleted")).body("count", equalTo(2));
        recipient.fetchWithToken(Map.of("include_seen", true)).then().body("data", hasSize(0));
    }

    @Test
    void aFullLinkRefusesSendsUntilItsOwnerReads() {
        SimplexClient recipient = SimplexClient.register();
        long firstId = 0;
        for (int i = 0; i < 20; i++) { // the test quota
            long id = recipient.sendOk("message " + i);
            firstId = i == 0 ? id : firstId;
        }
        recipient.send("one too many").then().statusCode(429).body("code", equalTo("quota_exceeded"))
                .body("error", equalTo("This link's inbox is full; its owner must read messages first"));
        recipient.ackWithToken(List.of(firstId), false).then().body("count", equalTo(1));
        recipient.sendOk("room again");
        recipient.send("full again").then().statusCode(429);
    }

    @Test
    void concurrentSendersFillALinkExactlyToItsQuota() throws Exception {
        SimplexClient recipient = SimplexClient.register();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String text = "concurrent " + i;
                statuses.add(senders.submit(() -> recipient.send(text).statusCode()));
            }
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (Future<Integer> status : statuses) {
                byStatus.merge(status.get(), 1L, Long::sum);
            }
            assertEquals(Map.of(201, 20L, 429, 20L), byStatus, "the quota of 20 holds under 16 concurrent senders");
        } finally {
            senders.shutdownNow();
        }
        recipient.fetchWithToken(Map.of("limit", 200)).then().body("data", hasSize(20));
    }

    @Test
    void fetchPagesNewestFirstByCursor() {
        SimplexClient recipient = SimplexClient.register();
        long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = recipient.sendOk("m" + i);
        }
        Response page1 = recipient.fetchWithToken(Map.of("limit", 2));
        page1.then().body("data", hasSize(2));
        assertEquals(List.of(ids[4], ids[3]), page1.jsonPath().getList("data.id", Long.class));
        long cursor = page1.jsonPath().getLong("next_before_id");
        Response page2 = recipient.fetchWithToken(Map.of("limit", 2, "before_id", cursor));
        assertEquals(List.of(ids[2], ids[1]), page2.jsonPath().getList("data.id", Long.class));
        Response page3 = recipient.fetchWithToken(Map.of("limit", 2, "before_id", page2.jsonPath().getLong("next_before_id")));
        assertEquals(List.of(ids[0]), page3.jsonPath().getList("data.id", Long.class));
        page3.then().body("next_before_id", nullValue());
    }

    @Test
    void outstandingChallengesAreCappedByDroppingTheOldestSoNoOneCanLockTheOwnerOut() {
        SimplexClient recipient = SimplexClient.register();
        // Someone who knows the link token asks for challenge after challenge (before: the sixth was 429
        // for five minutes, the owner's included).
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            issued.add(recipient.challenge());
        }
        String oldest = issued.get(0);
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", oldest, "challenge_signature", recipient.sign(oldest)))
                .post("/fetch").then().statusCode(401).body("error", equalTo("Invalid or expired challenge"));
        String owners = recipient.challenge();
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", owners, "challenge_signature", recipient.sign(owners)))
                .post("/fetch").then().statusCode(200);
        String recent = issued.get(issued.size() - 1);
        recipient.request().body(Map.of("link_token", recipient.linkToken, "challenge", recent, "challenge_signature", recipient.sign(recent)))
                .post("/fetch").then().statusCode(200);
    }

    @Test
    void rotatingTheLinkRetiresTheOldTokenAndKeepsTheMessages() {
        SimplexClient recipient = SimplexClient.register();
        long id = recipient.sendOk("before rotation");
        String oldLink = recipient.linkToken;
        Response rotated = recipient.request().body(recipient.proof()).post("/rotate_link");
        rotated.then().statusCode(200);
        String newLink = rotated.path("link_token");
        assertNotEquals(oldLink, newLink);
        assertTrue(rotated.<String>path("link").endsWith("/l/" + newLink));
        recipient.send("to the old link").then().statusCode(404);
        given().get("/l/" + oldLink).then().statusCode(404);
        recipient.linkToken = newLink;
        recipient.sendOk("to the new link");
        Response all = recipient.fetchWithToken(Map.of());
        assertTrue(all.jsonPath().getList("data.id", Long.class).contains(id));
    }

    @Test
    void rotatingTheFetchTokenRetiresTheOldOne() {
        SimplexClient recipient = SimplexClient.register();
        String old = recipient.fetchToken;
        Response rotated = recipient.fetchWithToken(Map.of()); // the old token still works before rotation
        rotated.then().statusCode(200);
        Response answer = recipient.request().header("Authorization", "Bearer " + old)
                .body(Map.of("link_token", recipient.linkToken)).post("/rotate_fetch_token");
        answer.then().statusCode(200);
        recipient.fetchWithToken(Map.of()).then().statusCode(401);
        recipient.fetchToken = answer.path("fetch_token");
        recipient.fetchWithToken(Map.of()).then().statusCode(200);
    }

    @Test
    void deletingALinkRemovesItAndItsMessages() {
        SimplexClient recipient = SimplexClient.register();
        recipient.sendOk("a");
        recipient.sendOk("b");
        given().header("Authorization", "Bearer wrong").delete("/l/" + recipient.linkToken).then().statusCode(401);
        String challenge = recipient.challenge();
        given().header(SimplexResource.CHALLENGE_HEADER, challenge).header(SimplexResource.SIGNATURE_HEADER, recipient.sign(challenge))
                .delete("/l/" + recipient.linkToken).then().statusCode(200)
                .body("message", equalTo("Link deleted")).body("deleted_messages", equalTo(2));
        given().get("/l/" + recipient.linkToken).then().statusCode(404);
        recipient.send("after deletion").then().statusCode(404);
    }

    @Test
    void aMissingFieldOrBodyIsMissingFieldsInTheSeedsWordsOnEveryRoute() {
        Map<String, String> required = Map.of(
                "/register", "Public key is required",
                "/send", "link_token and encrypted_message are required",
                "/challenge_request", "link_token is required",
                "/fetch", "link_token is required",
                "/ack", "link_token is required",
                "/rotate_link", "link_token is required",
                "/rotate_fetch_token", "link_token is required");
        required.forEach((path, message) -> {
            given().contentType(ContentType.JSON).body(Map.of("display_name", "no key")).post(path)
                    .then().statusCode(400).body("error", equalTo(message)).body("code", equalTo("missing_fields"));
            // No body at all: the same answer, never a 500.
            given().contentType(ContentType.JSON).post(path)
                    .then().statusCode(400).body("error", equalTo(message)).body("code", equalTo("missing_fields"));
        });
    }

    @Test
    void badInputIsAClear4xx() {
        given().contentType(ContentType.JSON).body(Map.of()).post("/register").then().statusCode(400).body("error", equalTo("Public key is required"));
        given().contentType(ContentType.JSON).body(Map.of("public_key", "AAAA")).post("/register")
                .then().statusCode(400).body("error", equalTo("Invalid public key format"));
        given().contentType(ContentType.JSON).body(Map.of("public_key", Bytes.base64(new byte[32]), "display_name", "x".repeat(101)))
                .post("/register").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{not json").post("/register").then().statusCode(400).body("code", equalTo("malformed_json"));

        SimplexClient recipient = SimplexClient.register();
        given().contentType(ContentType.JSON).body(Map.of("link_token", recipient.linkToken)).post("/send")
                .then().statusCode(400).body("error", equalTo("link_token and encrypted_message are required"));
        sendRaw(recipient, Bytes.base64(new byte[48])).then().statusCode(400).body("code", equalTo("message_too_short"));
        sendRaw(recipient, Bytes.base64(new byte[16385])).then().statusCode(413).body("code", equalTo("message_too_large"));
        sendRaw(recipient, "%%% not base64").then().statusCode(400).body("error", equalTo("Invalid base64 for encrypted_message"));
        given().contentType(ContentType.JSON).body(Map.of("link_token", recipient.linkToken,
                "encrypted_message", recipient.sealToMe("x"), "metadata", List.of(1, 2))).post("/send")
                .then().statusCode(400).body("code", equalTo("invalid_metadata"));
        given().contentType(ContentType.JSON).body(Map.of("link_token", recipient.linkToken,
                "encrypted_message", recipient.sealToMe("x"), "metadata", Map.of("pad", "x".repeat(5000)))).post("/send")
                .then().statusCode(413).body("code", equalTo("metadata_too_large"));
        recipient.request().header("Authorization", "Bearer " + recipient.fetchToken)
                .body(Map.of("link_token", recipient.linkToken)).post("/ack")
                .then().statusCode(400).body("error", equalTo("link_token and message_ids are required"));
        recipient.request().header("Authorization", "Bearer " + recipient.fetchToken)
                .body(Map.of("link_token", recipient.linkToken, "message_ids", "seven")).post("/ack").then().statusCode(400);
        // An id is an integer: before, Jackson read 1.5 as 1 and acknowledged that message.
        long sent = recipient.sendOk("not to be acknowledged by a fraction");
        recipient.request().header("Authorization", "Bearer " + recipient.fetchToken)
                .body("{\"link_token\": \"" + recipient.linkToken + "\", \"message_ids\": [" + sent + ".5]}").post("/ack")
                .then().statusCode(400).body("error", Matchers.notNullValue());
        given().contentType(ContentType.JSON).body(Map.of()).post("/challenge_request").then().statusCode(400);
        // Nothing was acknowledged by any of it: the one message sent is still unread.
        recipient.fetchWithToken(Map.of()).then().body("data", hasSize(1));
    }

    @Test
    void healthAnswersAsPyCryptDoes() {
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy"));
    }

    private static Response sendRaw(SimplexClient recipient, String encryptedMessage) {
        return given().contentType(ContentType.JSON).body(Map.of("link_token", recipient.linkToken, "encrypted_message", encryptedMessage))
                .post("/send");
    }
}
