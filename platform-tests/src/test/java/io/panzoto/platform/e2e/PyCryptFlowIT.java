package io.panzoto.platform.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.sodium.SealedBox;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PyCrypt Flutter messenger (seed 002), unchanged, through the gateway only: a recipient registers
 * its Ed25519 key and shares its link; an anonymous sender seals to it; the recipient fetches by
 * challenge signature and by fetch token, opens the sealed boxes and acknowledges them.
 */
class PyCryptFlowIT {
    @BeforeAll
    static void platform() {
        RestAssured.baseURI = Platform.gateway();
    }

    @Test
    void anAnonymousSenderReachesTheRecipientAndOnlyTheRecipientReadsIt() {
        Ed25519.KeyPair keys = Ed25519.generate();
        Response registered = json().body(Map.of("public_key", Bytes.base64(keys.publicKey()), "display_name", "Alice")).post("/register");
        registered.then().statusCode(201).body("message", equalTo("Client registered successfully")).body("client_id", notNullValue())
                .body("link", notNullValue()).body("link_token", notNullValue()).body("fetch_token", notNullValue());
        String link = registered.path("link_token");
        String fetchToken = registered.path("fetch_token");

        // The sender knows only the link: it reads the recipient's X25519 key there and seals to it.
        String x25519 = given().get("/l/" + link).then().statusCode(200).extract().path("x25519_public_key");
        String sealed = Bytes.base64(SealedBox.seal("meet at noon".getBytes(StandardCharsets.UTF_8), Bytes.fromBase64(x25519)));
        Response sent = json().body(Map.of("link_token", link, "encrypted_message", sealed, "metadata", Map.of("sender_nick", "Bob")))
                .post("/send");
        sent.then().statusCode(201).body("message", equalTo("Message sent successfully")).body("id", notNullValue());
        long id = sent.jsonPath().getLong("id");

        String challenge = json().body(Map.of("link_token", link)).post("/challenge_request").then().statusCode(200)
                .extract().path("challenge");
        assertEquals(32, Base64.getDecoder().decode(challenge).length, "standard base64 of a 32-byte nonce");
        String signature = Bytes.base64(Ed25519.sign(challenge.getBytes(StandardCharsets.UTF_8), keys.secretKey()));
        Response fetched = json().body(Map.of("link_token", link, "challenge", challenge, "challenge_signature", signature)).post("/fetch");
        fetched.then().statusCode(200).body("message", equalTo("Messages retrieved successfully")).body("data", hasSize(1))
                .body("data[0].seen", equalTo(false)).body("data[0].metadata.sender_nick", equalTo("Bob"))
                .body("data[0].created_at", notNullValue());
        assertEquals(id, fetched.jsonPath().getLong("data[0].id"));
        try (SecretBytes secret = Ed25519.toX25519SecretKey(keys.secretKey())) {
            byte[] plain = SealedBox.open(Bytes.fromBase64(fetched.path("data[0].encrypted_message")),
                    Ed25519.toX25519PublicKey(keys.publicKey()), secret);
            assertEquals("meet at noon", new String(plain, StandardCharsets.UTF_8));
        }
        // A used challenge does not open the mailbox twice.
        json().body(Map.of("link_token", link, "challenge", challenge, "challenge_signature", signature)).post("/fetch")
                .then().statusCode(401).body("error", notNullValue());

        json().header("Authorization", "Bearer " + fetchToken).body(Map.of("link_token", link, "message_ids", List.of(id)))
                .post("/ack").then().statusCode(200).body("message", equalTo("Messages marked as seen")).body("count", equalTo(1));
        json().header("Authorization", "Bearer " + fetchToken).body(Map.of("link_token", link)).post("/fetch")
                .then().statusCode(200).body("data", hasSize(0));
        json().header("Authorization", "Bearer " + fetchToken).queryParam("include_seen", "true").body(Map.of("link_token", link))
                .post("/fetch").then().statusCode(200).body("data", hasSize(1)).body("data[0].seen", equalTo(true));
        json().header("Authorization", "Bearer " + fetchToken + "x").body(Map.of("link_token", link)).post("/fetch")
                .then().statusCode(401).body("error", notNullValue());
    }

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }
}
