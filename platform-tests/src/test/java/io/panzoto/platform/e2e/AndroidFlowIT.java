package io.panzoto.platform.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.audio.AndroidAudioV0;
import io.panzoto.crypto.audio.AndroidTranscript;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Android voice-notes app (seeds 000/001), unchanged, against the platform through the gateway only:
 * register, log in, upload an Android-format (v0) recording under the app's own key layout, register it
 * with only its key, list, decrypt-audio, follow the job, read the transcript. The app sends its token
 * without "Bearer ", as seed 000 allowed.
 */
class AndroidFlowIT {
    static final String PASSWORD = "correct horse battery staple";

    @BeforeAll
    static void platform() {
        RestAssured.baseURI = Platform.gateway();
    }

    @Test
    void aRecordingMadeOnThePhoneIsTranscribedAndOnlyItsOwnerReadsIt() throws Exception {
        String email = "android-" + UUID.randomUUID() + "@example.org";
        Response registered = credentials("/api/register", email, PASSWORD);
        registered.then().statusCode(201).body("token", notNullValue()).body("key_salt", matchesPattern("[0-9a-f]{64}"))
                .body("user.user_id", equalTo(registered.path("user_id"))).body("user.email", equalTo(email))
                .body("user.created_at", notNullValue());
        Response login = credentials("/api/login", email, PASSWORD);
        login.then().statusCode(200).body("user_id", equalTo(registered.path("user_id"))).body("key_salt", equalTo(registered.path("key_salt")));
        String token = login.path("token"); // sent bare, as the app may
        String userId = login.path("user_id");

        byte[] recording = Files.readAllBytes(Platform.ROOT.resolve("audio-service/src/test/resources/fixtures/speech.wav"));
        try (SecretBytes key = AndroidAudioV0.deriveKey(PASSWORD, Bytes.fromHex(login.path("key_salt")))) {
            ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
            AndroidAudioV0.encrypt(new ByteArrayInputStream(recording), encrypted, key);
            byte[] file = encrypted.toByteArray();

            String s3Key = "users/" + userId + "/audio-123.wav";
            Response url = given().header("Authorization", token).contentType(ContentType.JSON)
                    .body(Map.of("s3_key", s3Key, "file_size", file.length)).post("/api/v1/audio-files/upload-url");
            url.then().statusCode(200).body("s3_key", equalTo(s3Key));
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(url.path("upload_url"))).PUT(HttpRequest.BodyPublishers.ofByteArray(file));
            Map<String, String> headers = url.path("headers");
            headers.forEach((name, value) -> {
                if (!"content-length".equalsIgnoreCase(name)) {
                    put.header(name, value);
                }
            });
            assertEquals(200, HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode());

            Response stored = given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("s3_key", s3Key))
                    .post("/api/audio-file");
            stored.then().statusCode(201).body("audio_file.user_id", equalTo(userId)).body("audio_file.s3_key", equalTo(s3Key))
                    .body("audio_file.file_size", equalTo(file.length)).body("audio_file.uploaded_at", notNullValue());
            String fileId = stored.path("audio_file.file_id");

            given().header("Authorization", token).get("/api/user/audio-files").then().statusCode(200)
                    .body("audio_files.size()", equalTo(1)).body("audio_files[0].file_id", equalTo(fileId))
                    .body("audio_files[0].s3_key", equalTo(s3Key));

            Response decrypt = given().header("Authorization", token).contentType(ContentType.JSON)
                    .body(Map.of("password", PASSWORD, "file_id", fileId)).post("/api/decrypt-audio");
            decrypt.then().statusCode(200).body("status", equalTo("ready_for_transcription")).body("file_info.file_id", equalTo(fileId))
                    .body("message", notNullValue());
            String jobId = decrypt.path("job_id");

            JsonPath done = awaitDone(token, jobId);
            String transcript = AndroidTranscript.open(key, fileId, Base64.getDecoder().decode(done.getString("encrypted_transcript")));
            for (String word : List.of("milk", "bread", "tomorrow", "morning")) {
                assertTrue(transcript.contains(word), word + " missing from " + transcript);
            }
            given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                    .post("/api/v1/transcriptions/" + jobId + "/decrypt").then().statusCode(200).body("transcript", equalTo(transcript));

            // Another user sees none of it.
            String stranger = credentials("/api/register", "other-" + UUID.randomUUID() + "@example.org", PASSWORD).path("token");
            given().header("Authorization", "Bearer " + stranger).get("/api/user/audio-files").then().statusCode(200)
                    .body("audio_files.size()", equalTo(0));
            given().header("Authorization", "Bearer " + stranger).get("/api/v1/transcriptions/" + jobId).then().statusCode(404);
            given().header("Authorization", "Bearer " + stranger).contentType(ContentType.JSON).body(Map.of("s3_key", s3Key))
                    .post("/api/audio-file").then().statusCode(400);
        }
    }

    @Test
    void loggingOutEverywhereEndsEveryEarlierTokenAtTheGatewayAndAtTheServices() throws Exception {
        String email = "sessions-" + UUID.randomUUID() + "@example.org";
        String first = credentials("/api/register", email, PASSWORD).path("token");
        String second = credentials("/api/login", email, PASSWORD).path("token");
        given().header("Authorization", first).get("/api/user/audio-files").then().statusCode(200);
        given().header("Authorization", second).post("/api/v1/auth/logout-all").then().statusCode(200);
        for (String ended : List.of(first, second)) {
            awaitStatus(401, Platform.gateway() + "/api/user/audio-files", ended);
            // Behind the gateway too: every service refuses it on its own.
            awaitStatus(401, Platform.service("audio-service") + "/api/user/audio-files", "Bearer " + ended);
            awaitStatus(401, Platform.service("auth-service") + "/api/auth/profile", "Bearer " + ended);
        }
        String fresh = credentials("/api/login", email, PASSWORD).path("token");
        given().header("Authorization", fresh).get("/api/auth/profile").then().statusCode(200).body("email", equalTo(email));

        // Deletion ends the last one as well.
        given().header("Authorization", fresh).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .delete("/api/v1/me").then().statusCode(204);
        awaitStatus(401, Platform.gateway() + "/api/user/audio-files", fresh);
    }

    static Response credentials(String path, String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password)).post(path);
    }

    private static void awaitStatus(int expected, String url, String authorization) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int status;
        while ((status = given().header("Authorization", authorization).get(url).statusCode()) != expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(expected, status, url);
    }

    private static JsonPath awaitDone(String token, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        JsonPath job;
        do {
            job = given().header("Authorization", token).get("/api/v1/transcriptions/" + jobId).then().statusCode(200).extract().jsonPath();
            if ("done".equals(job.getString("status"))) {
                return job;
            }
            assertTrue(!"failed".equals(job.getString("status")), "the job failed: " + job.getString("failure_reason"));
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + jobId + " is still " + job.getString("status"));
    }
}
