package io.panzoto.audio.transcription;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static io.panzoto.audio.AudioTestSupport.putObject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.audio.AudioTestResource;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.audio.Recordings;
import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.sodium.X25519;
import io.panzoto.testing.Eventually;
import io.panzoto.testing.TopicReader;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The API-only build (what the native image is: {@code panzoto.audio.transcriber.enabled=false} at
 * build time) holding only the transcriber's public key: it queues jobs sealed to that key, has no
 * transcriber, recogniser or dead-letter bean, and cannot open what it sealed. The transcriber
 * Deployment, which alone holds the secret key, can.
 */
@QuarkusTest
@WithTestResource(AudioTestResource.class)
@TestProfile(ApiOnlyInstanceTest.ApiOnly.class)
class ApiOnlyInstanceTest {
    /** The test profile's transcriber key (application.properties, %test). */
    private static final String TRANSCRIBER_KEY = "dGVzdC1vbmx5LXRyYW5zY3JpYmVyLWtleS0zMmJ5dGU=";

    public static class ApiOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String publicKey;
            try (SecretBytes secret = SecretBytes.copyOf(Bytes.fromBase64(TRANSCRIBER_KEY))) {
                publicKey = Bytes.base64(X25519.publicKey(secret));
            }
            return Map.of("panzoto.audio.transcriber.enabled", "false",
                    "panzoto.audio.transcriber.private-key", "",
                    "panzoto.audio.transcriber.public-key", publicKey);
        }
    }

    @Inject
    JobKeys jobKeys;

    @Inject
    ObjectMapper mapper;

    @Test
    void queuesJobsSealedToTheTranscriberItCannotOpenAndRunsNoTranscriber() throws Exception {
        for (Class<?> transcriberBean : List.of(Transcriber.class, SpeechRecognizer.class, DeadLetters.class, RecordingSource.class,
                JobLedger.class)) {
            assertFalse(Arc.container().select(transcriberBean).isResolvable(), transcriberBean.getSimpleName() + " is built out");
        }
        TestUser user = newUser();
        byte[] encrypted;
        try (SecretBytes key = user.fileKey()) {
            encrypted = Recordings.encryptV0(Recordings.fixture("speech.3gp"), key);
        }
        String s3Key = user.key(UUID.randomUUID() + "-api-only.3gp.enc");
        putObject(s3Key, encrypted);
        String fileId = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("s3_key", s3Key, "file_size", encrypted.length)).post("/api/audio-file")
                .then().statusCode(201).extract().path("audio_file.id");
        AtomicReference<String> jobId = new AtomicReference<>();
        // 409 until auth-service's announcement of the account (its key salt) has arrived.
        Eventually.until("the job is queued", Duration.ofSeconds(60), () -> {
            var accepted = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("password", user.password(), "file_id", fileId)).post("/api/decrypt-audio");
            jobId.set(accepted.statusCode() == 200 ? accepted.path("job_id") : null);
            return jobId.get() != null;
        });

        var request = TopicReader.awaitRecord("audio.transcription-requested", record -> record.value().contains(fileId), Duration.ofSeconds(30));
        JsonNode body = mapper.readTree(request.value()).path("body");
        byte[] sealed = Bytes.fromBase64(body.path("sealed_key").asText());
        UUID job = UUID.fromString(jobId.get());
        assertEquals(jobId.get(), body.path("job_id").asText());
        assertEquals(jobKeys.currentKeyId(), body.path("transcriber_key_id").asText());
        assertThrows(AuthenticationFailedException.class, () -> jobKeys.open(sealed, job, body.path("transcriber_key_id").asText()),
                "the API instance holds no secret key");
        try (SecretBytes opened = new JobKeys(TRANSCRIBER_KEY, List.of()).open(sealed, job, body.path("transcriber_key_id").asText());
             SecretBytes fileKey = user.fileKey()) {
            assertArrayEquals(fileKey.bytes(), opened.bytes(), "the transcriber opens the file key the API sealed");
        }

        Thread.sleep(3_000); // nothing here transcribes: the job waits for the transcriber Deployment
        given().header("Authorization", user.bearer()).get("/api/v1/transcriptions/" + job).then().statusCode(200)
                .body("status", equalTo("queued"));
    }
}
