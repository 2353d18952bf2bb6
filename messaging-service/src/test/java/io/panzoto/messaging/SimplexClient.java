package io.panzoto.messaging;

import static io.restassured.RestAssured.given;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.sodium.SealedBox;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A simplex recipient as the Flutter app (PyNaCl-compatible) is one: its own Ed25519 key pair, its
 * link and fetch token, and the client-side crypto (sealed boxes to the derived X25519 key, challenge
 * signatures over the UTF-8 challenge) done through common-crypto.
 */
public final class SimplexClient {
    private final String baseUrl;
    public final Ed25519.KeyPair keys = Ed25519.generate();
    public long clientId;
    public String linkToken;
    public String fetchToken;

    private SimplexClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Registers a new recipient against the service under test (or the given base URL). */
    public static SimplexClient register(String baseUrl, String displayName) {
        SimplexClient client = new SimplexClient(baseUrl);
        Map<String, Object> body = new HashMap<>();
        body.put("public_key", Bytes.base64(client.keys.publicKey()));
        body.put("display_name", displayName);
        Response response = client.request().body(body).post("/register");
        response.then().statusCode(201);
        client.clientId = response.jsonPath().getLong("client_id");
        client.linkToken = response.path("link_token");
        client.fetchToken = response.path("fetch_token");
        return client;
    }

    public static SimplexClient register() {
        return register(null, "recipient");
    }

    public RequestSpecification request() {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        return baseUrl == null ? spec : spec.baseUri(baseUrl);
    }

    /** An anonymous sender's view: seals to the X25519 key the link advertises. */
    public static String seal(String plaintext, String x25519PublicKeyBase64) {
        return Bytes.base64(SealedBox.seal(plaintext.getBytes(StandardCharsets.UTF_8), Bytes.fromBase64(x25519PublicKeyBase64)));
    }

    public String sealToMe(String plaintext) {
        return seal(plaintext, Bytes.base64(Ed25519.toX25519PublicKey(keys.publicKey())));
    }

    public String open(String encryptedMessage) {
        try (SecretBytes x25519Secret = Ed25519.toX25519SecretKey(keys.secretKey())) {
            byte[] plain = SealedBox.open(Bytes.fromBase64(encryptedMessage), Ed25519.toX25519PublicKey(keys.publicKey()), x25519Secret);
            return new String(plain, StandardCharsets.UTF_8);
        }
    }

    public Response send(String plaintext) {
        return request().body(Map.of("link_token", linkToken, "encrypted_message", sealToMe(plaintext))).post("/send");
    }

    public long sendOk(String plaintext) {
        Response response = send(plaintext);
        response.then().statusCode(201);
        return response.jsonPath().getLong("id");
    }

    public String challenge() {
        Response response = request().body(Map.of("link_token", linkToken)).post("/challenge_request");
        response.then().statusCode(200);
        return response.path("challenge");
    }

    /** PyNaCl's {@code SigningKey.sign(challenge.encode()).signature}, base64. */
    public String sign(String challenge) {
        return Bytes.base64(Ed25519.sign(challenge.getBytes(StandardCharsets.UTF_8), keys.secretKey()));
    }

    /** A fresh challenge and its signature, as the body fields of a recipient command. */
    public Map<String, Object> proof() {
        String challenge = challenge();
        Map<String, Object> body = new HashMap<>();
        body.put("link_token", linkToken);
        body.put("challenge", challenge);
        body.put("challenge_signature", sign(challenge));
        return body;
    }

    public Response fetchWithToken(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("link_token", linkToken);
        return request().header("Authorization", "Bearer " + fetchToken).body(body).post("/fetch");
    }

    public Response ackWithToken(Object messageIds, boolean delete) {
        return request().header("Authorization", "Bearer " + fetchToken)
                .body(Map.of("link_token", linkToken, "message_ids", messageIds, "delete", delete)).post("/ack");
    }
}
