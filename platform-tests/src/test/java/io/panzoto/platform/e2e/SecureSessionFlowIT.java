package io.panzoto.platform.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.testing.FacePhotos;
import io.panzoto.testing.FacePhotos.Person;
import io.panzoto.testing.SocketClient;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SecureSession through the gateway only (seed 004's paths): a session between two users, a message
 * delivered live on {@code /ws/sessions/{id}} (the token in the first frame, not the URL), a file sent
 * and fetched whole and by range, and the session's end closing the socket and taking the file.
 */
class SecureSessionFlowIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void platform() {
        RestAssured.baseURI = Platform.gateway();
    }

    @Test
    void aSessionCarriesMessagesLiveAndFilesThroughTheGatewayAndDiesWhole() throws Exception {
        String alice = signUp().path("token");
        Response bobSignedUp = signUp();
        String bob = bobSignedUp.path("token");
        String bobId = bobSignedUp.path("user_id");
        String session = as(alice).body(Map.of("participants", List.of(bobId))).post("/api/sessions").then().statusCode(201)
                .extract().path("id");

        try (SocketClient bobs = SocketClient.connect(URI.create(Platform.gateway().replaceFirst("^http", "ws") + "/ws/sessions/" + session))) {
            bobs.send("{\"type\":\"auth\",\"access_token\":\"" + bob + "\"}");
            assertEquals(session, bobs.next("ready", WAIT).path("session_id").asText());

            long id = as(alice).body(Map.of("algorithm", "xchacha20-poly1305", "nonce", Bytes.base64(SecureRandoms.bytes(24)),
                    "ciphertext", Bytes.base64(SecureRandoms.bytes(64)))).post("/api/sessions/" + session + "/messages")
                    .then().statusCode(201).extract().jsonPath().getLong("id");
            assertEquals(id, bobs.next("message", WAIT).path("id").asLong());

            byte[] blob = SecureRandoms.bytes(200_000);
            String file = given().header("Authorization", "Bearer " + alice).contentType("application/octet-stream")
                    .queryParam("session_id", session).body(blob).post("/api/files/upload").then().statusCode(201)
                    .body("size", equalTo(blob.length)).extract().path("id");
            assertEquals(file, bobs.next("file", WAIT).path("id").asText());
            assertArrayEquals(blob, as(bob).get("/api/files/" + file + "/download").then().statusCode(200).extract().asByteArray());
            Response range = as(bob).header("Range", "bytes=100-199").get("/api/files/" + file + "/download");
            range.then().statusCode(206).header("Content-Range", "bytes 100-199/" + blob.length);
            assertArrayEquals(Arrays.copyOfRange(blob, 100, 200), range.asByteArray());

            as(alice).delete("/api/sessions/" + session).then().statusCode(204);
            assertEquals(4410, bobs.awaitClose(WAIT));
            as(bob).get("/api/files/" + file + "/download").then().statusCode(404);
        }
    }

    @Test
    void aFaceEnrolsVerifiesAndCompletesALoginThroughTheGateway() {
        String email = "face-" + UUID.randomUUID() + "@example.org";
        String password = "a long session pass phrase";
        String token = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/auth/register").then().statusCode(201).extract().path("token");
        // A phone-sized photo: its JSON is past the 256 KiB other routes take.
        String photo = Base64.getEncoder().encodeToString(FacePhotos.phoneSized(Person.S1C));
        assertTrue(photo.length() > 256 * 1024, "the photo JSON is " + photo.length() + " bytes");
        as(token).body(Map.of("password", password, "image", photo, "login_second_factor", true))
                .post("/api/auth/setup-face").then().statusCode(201).body("face_enrolled", equalTo(true));

        String stepUp = as(token).body(Map.of("image", Base64.getEncoder().encodeToString(FacePhotos.photo(Person.S1C, 2))))
                .post("/api/auth/face-verify").then().statusCode(200).body("match", equalTo(true)).extract().path("step_up_token");
        as(token).body(Map.of("image", Base64.getEncoder().encodeToString(FacePhotos.photo(Person.S3B, 0))))
                .post("/api/auth/face-verify").then().statusCode(200).body("match", equalTo(false));
        as(token).body(Map.of("image", Base64.getEncoder().encodeToString(FacePhotos.group(1))))
                .post("/api/auth/face-verify").then().statusCode(400).body("code", equalTo("multiple_faces"));
        as(token).body(Map.of("image", Base64.getEncoder().encodeToString(FacePhotos.noFace())))
                .post("/api/auth/face-verify").then().statusCode(400).body("code", equalTo("no_face"));
        // With the face factor on, a password change demands the step-up token, which the gateway passes as any token.
        Map<String, String> change = Map.of("current_password", password, "new_password", password + " renewed");
        as(token).body(change).post("/api/v1/auth/password").then().statusCode(403).body("code", equalTo("face_step_up_required"));
        as(stepUp).body(change).post("/api/v1/auth/password").then().statusCode(200);
        password = password + " renewed";

        String pending = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/auth/login").then().statusCode(202).body("face_required", equalTo(true)).extract().path("pending_token");
        String loggedIn = given().contentType(ContentType.JSON)
                .body(Map.of("pending_token", pending, "image", Base64.getEncoder().encodeToString(FacePhotos.photo(Person.S1C, 3))))
                .post("/api/auth/face-verify").then().statusCode(200).body("match", equalTo(true)).extract().path("token");
        as(loggedIn).get("/api/auth/profile").then().statusCode(200).body("email", equalTo(email));
    }

    private static Response signUp() {
        Response registered = given().contentType(ContentType.JSON).body(Map.of("email", "session-" + UUID.randomUUID() + "@example.org",
                "password", "a long session pass phrase")).post("/api/register");
        registered.then().statusCode(201);
        return registered;
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
