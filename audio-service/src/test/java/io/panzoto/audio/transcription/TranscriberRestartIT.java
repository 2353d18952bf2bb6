package io.panzoto.audio.transcription;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static io.panzoto.audio.AudioTestSupport.putObject;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.audio.PackagedAudio;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.audio.Recordings;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.audio.AndroidTranscript;
import io.panzoto.testing.PackagedService;
import io.panzoto.testing.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service killed (SIGKILL, as an evicted pod) while it transcribes: the request was not
 * committed, so the restarted service gets it again, redoes the job and ends it once.
 */
class TranscriberRestartIT {
    private static final Path WORK_DIR = Path.of("target", "restart-it-work").toAbsolutePath();
    private static final Map<String, String> CONFIG = new HashMap<>();
    private static PackagedService audio;

    @BeforeAll
    static void startServices() {
        CONFIG.putAll(PackagedAudio.config(WORK_DIR));
        audio = PackagedAudio.start("audio-first", CONFIG);
    }

    @AfterAll
    static void stopServices() {
        if (audio != null) {
            audio.close();
        }
    }

    @Test
    void aJobCutShortByACrashIsRedoneAndEndsOnce() throws Exception {
        TestUser user = newUser();
        String s3Key = user.key(UUID.randomUUID() + "-long.wav.enc");
        String fileId;
        try (SecretBytes key = user.fileKey()) {
            byte[] encrypted = Recordings.encryptV0(Recordings.repeatedSpeech(40), key);
            putObject(s3Key, encrypted);
            fileId = given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("s3_key", s3Key, "file_size", encrypted.length)).post("/api/audio-file")
                    .then().statusCode(201).extract().path("audio_file.id");
        }
        String jobId = requestTranscription(user, fileId);

        awaitStatus(user, jobId, "transcribing", Duration.ofSeconds(120));
        audio.kill();
        audio = PackagedAudio.start("audio-second", CONFIG);

        JsonPath done = awaitStatus(user, jobId, "done", Duration.ofSeconds(240));
        assertEquals(2, done.getInt("attempts"), "the crashed attempt and the one that finished");
        try (SecretBytes key = user.fileKey()) {
            String text = AndroidTranscript.open(key, fileId, Base64.getDecoder().decode(done.getString("encrypted_transcript")));
            assertTrue(text.contains("milk") && text.contains("bread"), text);
        }
        assertEquals(1, TopicReader.recordsMatching("audio.transcribed", record -> record.value().contains(jobId),
                Duration.ofSeconds(10)).size(), "one audio.transcribed for the job");
        try (Stream<Path> left = Files.list(WORK_DIR)) {
            assertEquals(List.of(), left.toList(), "no decrypted audio survives the crash");
        }
    }

    /** Asks until auth-service's announcement of the account (its key salt) has reached the service. */
    private static String requestTranscription(TestUser user, String fileId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Response response = given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("password", user.password(), "file_id", fileId)).post("/api/decrypt-audio");
            if (response.statusCode() == 202) {
                return response.path("job_id");
            }
            assertEquals(409, response.statusCode(), response.asString());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the key salt never arrived: " + response.asString());
            }
            Thread.sleep(200);
        }
    }

    private static JsonPath awaitStatus(TestUser user, String jobId, String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath job;
        do {
            job = given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).get("/api/v1/transcriptions/" + jobId)
                    .then().statusCode(200).extract().jsonPath();
            if (status.equals(job.getString("status"))) {
                return job;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + jobId + " never became " + status + ": " + job.prettify());
    }
}
