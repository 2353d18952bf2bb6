package io.panzoto.platform.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.sodium.SealedBox;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The golden shapes of every seed route through the gateway: for each, the status codes and JSON
 * field names a client of the replaced system reads (extra fields are allowed, missing ones are not).
 */
class SeedContractIT {
    private static final String PASSWORD = AndroidFlowIT.PASSWORD;

    @BeforeAll
    static void platform() {
        RestAssured.baseURI = Platform.gateway();
    }

    @Test
    void seed000And001AccountRoutes() {
        given().get("/api/health").then().statusCode(200).body("status", equalTo("healthy")).body("service", equalTo("panzoto-backend"));
        String email = "golden-" + UUID.randomUUID() + "@example.org";
        Response registered = AndroidFlowIT.credentials("/api/register", email, PASSWORD);
        registered.then().statusCode(201);
        hasFields(registered, "", "token", "user_id", "key_salt", "user");
        hasFields(registered, "user", "user_id", "email", "created_at");
        AndroidFlowIT.credentials("/api/register", email, PASSWORD).then().statusCode(409).body("error", notNullValue());
        AndroidFlowIT.credentials("/api/register", "short-" + email, "short").then().statusCode(400).body("error", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/api/register").then().statusCode(400)
                .body("error", notNullValue());

        Response login = AndroidFlowIT.credentials("/api/login", email, PASSWORD);
        login.then().statusCode(200);
        hasFields(login, "", "token", "user_id", "key_salt", "user");
        for (List<String> wrong : List.of(List.of(email, PASSWORD + "!"), List.of(email, "short"), List.of("not-an-email", PASSWORD),
                List.of("nobody-" + email, PASSWORD))) {
            AndroidFlowIT.credentials("/api/login", wrong.get(0), wrong.get(1)).then().statusCode(401).body("error", notNullValue());
        }
        given().contentType(ContentType.JSON).body(Map.of("email", email)).post("/api/login").then().statusCode(400).body("error", notNullValue());
    }

    @Test
    void seed000And001AudioRoutesRefuseAndAnswerAsTheSeedsDid() {
        given().get("/api/user/audio-files").then().statusCode(401).body("error", notNullValue());
        given().header("Authorization", "Bearer not.a.token").get("/api/user/audio-files").then().statusCode(401).body("error", notNullValue());
        String token = AndroidFlowIT.credentials("/api/register", "audio-" + UUID.randomUUID() + "@example.org", PASSWORD).path("token");
        given().header("Authorization", token).get("/api/user/audio-files").then().statusCode(200).body("audio_files.size()", equalTo(0));
        given().header("Authorization", "Bearer " + token).get("/api/user/audio-files?limit=10").then().statusCode(200);
        given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("file_size", 3)).post("/api/audio-file")
                .then().statusCode(400).body("error", notNullValue());
        decrypt(token, Map.of("file_id", UUID.randomUUID().toString())).then().statusCode(400).body("error", notNullValue());
        decrypt(token, Map.of("password", PASSWORD)).then().statusCode(400).body("error", notNullValue());
        decrypt(token, Map.of("password", "not the password", "file_id", UUID.randomUUID().toString())).then().statusCode(401)
                .body("error", notNullValue());
        decrypt(token, Map.of("password", PASSWORD, "file_id", UUID.randomUUID().toString())).then().statusCode(404)
                .body("error", notNullValue());
        decrypt(token, Map.of("password", PASSWORD, "s3_key", "users/nobody/none.3gp")).then().statusCode(404);
    }

    @Test
    void seed002MessengerRoutes() {
        given().get("/health").then().statusCode(200).body("status", equalTo("healthy")).body("timestamp", notNullValue());
        json(Map.of("display_name", "no key")).post("/register").then().statusCode(400).body("error", notNullValue());
        json(Map.of("public_key", "AAAA")).post("/register").then().statusCode(400).body("error", notNullValue());
        String sealed = Bytes.base64(SealedBox.seal("hi".getBytes(StandardCharsets.UTF_8), Ed25519.toX25519PublicKey(Ed25519.generate().publicKey())));
        json(Map.of("link_token", "link_unknown_123", "encrypted_message", sealed)).post("/send").then().statusCode(404)
                .body("error", notNullValue());
        json(Map.of("link_token", "link_unknown_123", "encrypted_message", "AAAA")).post("/send").then().statusCode(400)
                .body("error", notNullValue());
        json(Map.of("link_token", "link_unknown_123")).post("/challenge_request").then().statusCode(404).body("error", notNullValue());
        json(Map.of("link_token", "link_unknown_123")).post("/fetch").then().statusCode(404).body("error", notNullValue());
        json(Map.of("link_token", "link_unknown_123", "message_ids", List.of(1.5))).post("/ack").then().statusCode(400);
    }

    @Test
    void seed004SecureSessionAccountRoutes() {
        String email = "session-" + UUID.randomUUID() + "@example.org";
        Response registered = AndroidFlowIT.credentials("/api/auth/register", email, PASSWORD);
        registered.then().statusCode(201);
        hasFields(registered, "", "token", "user_id", "user");
        String token = AndroidFlowIT.credentials("/api/auth/login", email, PASSWORD).then().statusCode(200).extract().path("token");
        given().header("Authorization", "Bearer " + token).get("/api/auth/profile").then().statusCode(200).body("email", equalTo(email));
        given().get("/api/auth/profile").then().statusCode(401).body("error", notNullValue());
    }

    private static Response decrypt(String token, Map<String, Object> body) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(body).post("/api/decrypt-audio");
    }

    private static RequestSpecification json(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    private static void hasFields(Response response, String path, String... fields) {
        Map<String, Object> object = path.isEmpty() ? response.jsonPath().getMap("") : response.jsonPath().getMap(path);
        Set<String> present = object.keySet();
        for (String field : fields) {
            assertTrue(present.contains(field), (path.isEmpty() ? "" : path + ".") + field + " missing from " + present);
        }
    }
}
