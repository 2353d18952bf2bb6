package io.panzoto.auth.keys;

import static io.panzoto.auth.AuthApi.PASSWORD;
import static io.panzoto.auth.AuthApi.newAccount;
import static io.panzoto.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.panzoto.auth.AuthApi;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.sodium.X25519;
import io.panzoto.testing.RealInfraResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfraResource.class, initArgs = @ResourceArg(name = "database", value = "auth"))
class KeyRegistryApiTest {

    @Test
    void keysSentAtSignUpAreReadableByOtherUsers() {
        String ed25519 = Bytes.base64(Ed25519.generate().publicKey());
        String x25519 = newX25519();
        Response owner = given().contentType(ContentType.JSON).body(Map.of("email", uniqueEmail(), "password", PASSWORD,
                "tier", "e2e", "x25519_public_key", x25519, "ed25519_public_key", ed25519)).post("/api/register");
        owner.then().statusCode(201);
        Response reader = newAccount();
        given().header("Authorization", "Bearer " + reader.path("token")).get("/api/v1/keys/" + owner.path("user_id"))
                .then().statusCode(200)
                .body("keys", hasSize(2))
                .body("keys.public_key", containsInAnyOrder(ed25519, x25519));
    }

    @Test
    void publishingAgainRotatesAndHistoryKeepsTheOldKey() {
        Response owner = newAccount();
        String bearer = "Bearer " + owner.path("token");
        String first = newX25519();
        String second = newX25519();
        publish(bearer, "x25519", first).then().statusCode(201).body("kind", equalTo("x25519"));
        // A rotation needs more than the access token (before: a stolen token swapped the key others encrypt to).
        publish(bearer, "x25519", second).then().statusCode(401).body("code", equalTo("reauthentication_required"));
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("kind", "x25519", "public_key", second, "password", "not the password")).post("/api/v1/keys")
                .then().statusCode(401).body("code", equalTo("invalid_credentials"));
        String secondId = given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("kind", "x25519", "public_key", second, "password", PASSWORD)).post("/api/v1/keys")
                .then().statusCode(201).extract().path("id");
        given().header("Authorization", bearer).get("/api/v1/keys/" + owner.path("user_id")).then()
                .body("keys", hasSize(1)).body("keys[0].public_key", equalTo(second));
        given().header("Authorization", bearer).get("/api/v1/keys/" + owner.path("user_id") + "/history").then()
                .body("", hasSize(2)).body("find { it.public_key == '" + first + "' }.revoked_at", notNullValue());

        given().header("Authorization", bearer).delete("/api/v1/keys/" + secondId).then().statusCode(401)
                .body("code", equalTo("reauthentication_required"));
        given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/v1/keys/" + secondId).then().statusCode(200).body("revoked_at", notNullValue());
        given().header("Authorization", bearer).get("/api/v1/keys/" + owner.path("user_id")).then().body("keys", hasSize(0));
    }

    @Test
    void theCurrentEd25519KeySignsItsOwnRotationAndNoOtherKeyCan() {
        Response owner = newAccount();
        String bearer = "Bearer " + owner.path("token");
        UUID userId = UUID.fromString(owner.path("user_id"));
        Ed25519.KeyPair current = Ed25519.generate();
        publish(bearer, "ed25519", Bytes.base64(current.publicKey())).then().statusCode(201);
        String next = Bytes.base64(Ed25519.generate().publicKey());
        String statement = "panzoto:key-rotation:v1:" + userId + ":ed25519:" + next;

        Ed25519.KeyPair stranger = Ed25519.generate();
        rotate(bearer, "ed25519", next, sign(statement, stranger)).then().statusCode(401).body("code", equalTo("invalid_signature"));
        rotate(bearer, "ed25519", next, sign("panzoto:key-rotation:v1:" + userId + ":ed25519:" + newX25519(), current))
                .then().statusCode(401).body("code", equalTo("invalid_signature"));
        String nextId = rotate(bearer, "ed25519", next, sign(statement, current)).then().statusCode(201).extract().path("id");

        // Once rotated away, the old Ed25519 key signs nothing more: not an x25519 rotation, not a revocation.
        publish(bearer, "x25519", newX25519()).then().statusCode(201);
        String x25519 = newX25519();
        rotate(bearer, "x25519", x25519, sign("panzoto:key-rotation:v1:" + userId + ":x25519:" + x25519, current))
                .then().statusCode(401);
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("signature", sign("panzoto:key-revocation:v1:" + userId + ":" + nextId, stranger)))
                .delete("/api/v1/keys/" + nextId).then().statusCode(401);
    }

    private static Response rotate(String bearer, String kind, String key, String signature) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("kind", kind, "public_key", key, "signature", signature)).post("/api/v1/keys");
    }

    private static String sign(String statement, Ed25519.KeyPair key) {
        return Bytes.base64(Ed25519.sign(statement.getBytes(StandardCharsets.UTF_8), key.secretKey()));
    }

    @Test
    void onlyTheOwnerRevokesAndBadKeysAre400() {
        Response owner = newAccount();
        String keyId = publish("Bearer " + owner.path("token"), "ed25519", Bytes.base64(Ed25519.generate().publicKey()))
                .then().statusCode(201).extract().path("id");
        Response other = newAccount();
        // Even with its own password confirmed, another account finds no such key.
        given().header("Authorization", "Bearer " + other.path("token")).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/v1/keys/" + keyId).then().statusCode(404);

        String bearer = "Bearer " + owner.path("token");
        publish(bearer, "rsa", newX25519()).then().statusCode(400).body("code", equalTo("invalid_key_kind"));
        publish(bearer, "x25519", Bytes.base64(new byte[31])).then().statusCode(400).body("code", equalTo("invalid_public_key"));
        publish(bearer, "x25519", "not base64 at all!").then().statusCode(400);
        byte[] notAPoint = Bytes.fromHex("0200000000000000000000000000000000000000000000000000000000000000");
        publish(bearer, "ed25519", Bytes.base64(notAPoint)).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("kind", "x25519", "public_key", newX25519())).post("/api/v1/keys")
                .then().statusCode(401);
        given().header("Authorization", bearer).get("/api/v1/keys/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", bearer).get("/api/v1/keys/not-a-uuid").then().statusCode(404);
    }

    @Test
    void anInvalidKeyAtSignUpCreatesNoAccount() {
        String email = uniqueEmail();
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD, "x25519_public_key", "AAAA"))
                .post("/api/register").then().statusCode(400);
        AuthApi.login("/api/login", email, PASSWORD).then().statusCode(401);
    }

    private static Response publish(String bearer, String kind, String key) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(Map.of("kind", kind, "public_key", key))
                .post("/api/v1/keys");
    }

    private static String newX25519() {
        try (SecretBytes secret = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            return Bytes.base64(X25519.publicKey(secret));
        }
    }
}
