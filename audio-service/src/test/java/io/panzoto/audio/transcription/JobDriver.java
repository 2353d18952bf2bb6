package io.panzoto.audio.transcription;

import static io.panzoto.audio.AudioTestSupport.putObject;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.audio.Recordings;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.audio.AndroidTranscript;
import io.panzoto.crypto.envelope.SealedFileKey;
import io.panzoto.testing.PackagedService;
import io.panzoto.testing.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Drives transcription jobs through a packaged audio-service as a client would, for the tests and
 * the soak that stop or kill the service mid-job.
 */
final class JobDriver {
    /** What in a service's log means the JVM died in native code instead of stopping. */
    private static final List<String> NATIVE_CRASH_SIGNS = List.of("double free or corruption", "free(): ", "malloc(): ",
            "A fatal error has been detected");

    private JobDriver() {
    }

    /** A job and the recording it transcribes. */
    record Job(TestUser user, String fileId, String jobId) {
    }

    /** Uploads {@code repeats} copies of the spoken fixture (about 3 s each) as a v0 file and requests its transcription. */
    static Job startJob(PackagedService audio, TestUser user, int repeats) throws InterruptedException {
        String s3Key = user.key(UUID.randomUUID() + "-long.wav.enc");
        String fileId;
        try (SecretBytes key = user.fileKey()) {
            byte[] encrypted = Recordings.encryptV0(Recordings.repeatedSpeech(repeats), key);
            putObject(s3Key, encrypted);
            fileId = given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("s3_key", s3Key, "file_size", encrypted.length)).post("/api/audio-file")
                    .then().statusCode(201).extract().path("audio_file.id");
        }
        return new Job(user, fileId, requestTranscription(audio, user, fileId));
    }

    /** A v1 upload job and the client's file key, which alone opens its transcript. */
    record UploadJob(Job job, byte[] fileKey) {
    }

    /**
     * Uploads {@code utterances} copies of the spoken fixture, each followed by a second of silence, as
     * a v1 recording whose upload carries its file key sealed to the transcriber: the job starts itself.
     */
    static UploadJob startUploadJob(PackagedService audio, TestUser user, int utterances) {
        JsonPath published = given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).get("/api/v1/transcriber-key")
                .then().statusCode(200).extract().jsonPath();
        String s3Key = user.key(UUID.randomUUID() + "-long.wav.v1");
        byte[] fileKey = SecureRandoms.bytes(32);
        try (SecretBytes key = SecretBytes.copyOf(fileKey)) {
            byte[] encrypted = Recordings.encryptV1(Recordings.speechWithPauses(utterances), key, s3Key);
            putObject(s3Key, encrypted);
            String sealed = Base64.getEncoder().encodeToString(SealedFileKey.seal(key, s3Key, Bytes.fromBase64(published.getString("public_key"))));
            JsonPath registered = given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("s3_key", s3Key, "file_size", encrypted.length, "format", "v1", "sealed_file_key", sealed,
                            "transcriber_key_id", published.getString("key_id")))
                    .post("/api/audio-file").then().statusCode(201).extract().jsonPath();
            return new UploadJob(new Job(user, registered.getString("audio_file.id"), registered.getString("transcription.job_id")), fileKey);
        }
    }

    /** The transcript of an upload job, opened with the client's file key. */
    static String transcriptOf(UploadJob upload, JsonPath done) {
        try (SecretBytes key = SecretBytes.copyOf(upload.fileKey())) {
            return AndroidTranscript.open(key, upload.job().fileId(), Base64.getDecoder().decode(done.getString("encrypted_transcript")));
        }
    }

    /** decrypt-audio on that replica: the job's id (the key salt comes with auth-service's password check). */
    private static String requestTranscription(PackagedService audio, TestUser user, String fileId) {
        return given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("password", user.password(), "file_id", fileId)).post("/api/decrypt-audio")
                .then().statusCode(200).extract().path("job_id");
    }

    static JsonPath awaitStatus(PackagedService audio, Job job, String status, Duration timeout) throws InterruptedException {
        return awaitState(audio, job, "become " + status, state -> status.equals(state.getString("status")), timeout);
    }

    /** Waits until the running job reports at least this much progress; failing if it ends first. */
    static void awaitProgress(PackagedService audio, Job job, int percent, Duration timeout) throws InterruptedException {
        awaitState(audio, job, "reach " + percent + "%", state -> {
            assertTrue(!"done".equals(state.getString("status")) && !"failed".equals(state.getString("status")), "ended too soon");
            return "transcribing".equals(state.getString("status")) && state.getInt("progress") >= percent;
        }, timeout);
    }

    private static JsonPath awaitState(PackagedService audio, Job job, String what, Predicate<JsonPath> reached, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonPath state;
        do {
            state = given().baseUri(audio.baseUrl()).header("Authorization", job.user().bearer()).get("/api/v1/transcriptions/" + job.jobId())
                    .then().statusCode(200).extract().jsonPath();
            if (reached.test(state)) {
                return state;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + job.jobId() + " did not " + what + ": " + state.prettify());
    }

    /** The job ended with the spoken words sealed under the user's key, announced exactly once. */
    static void assertTranscribedOnce(Job job, JsonPath done) {
        try (SecretBytes key = job.user().fileKey()) {
            String text = AndroidTranscript.open(key, job.fileId(), Base64.getDecoder().decode(done.getString("encrypted_transcript")));
            assertTrue(text.contains("milk") && text.contains("bread"), text);
        }
        assertEquals(1, TopicReader.recordsMatching("audio.transcribed", record -> record.value().contains(job.jobId()),
                Duration.ofSeconds(10)).size(), "one audio.transcribed for the job");
    }

    /**
     * SIGTERM, then: the process stopped by itself within the grace, with the status of a JVM ended by
     * a signal it handled (143) or 0, and no sign of a native crash in its log or an hs_err file.
     */
    static void terminateCleanly(PackagedService audio, Duration grace) throws IOException {
        long pid = audio.process().pid();
        int status = audio.terminate(grace);
        String log = Files.readString(audio.process().logFile());
        for (String sign : NATIVE_CRASH_SIGNS) {
            assertTrue(!log.contains(sign), audio.process().name() + " crashed on the way out (" + sign + "):\n" + audio.process().tail(30));
        }
        assertTrue(Files.notExists(Path.of("hs_err_pid" + pid + ".log")), "the JVM wrote a crash report");
        assertTrue(status == 0 || status == 143, audio.process().name() + " exited with " + status + ":\n" + audio.process().tail(30));
    }
}
