package io.panzoto.audio.transcription;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static io.panzoto.audio.AudioTestSupport.putObject;
import static io.panzoto.audio.transcription.JobPolling.JOB_TIMEOUT;
import static io.panzoto.audio.transcription.JobPolling.awaitJob;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.audio.AudioTestResource;
import io.panzoto.audio.AudioTestSupport;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.audio.Recordings;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.audio.AndroidTranscript;
import io.panzoto.testing.LogCapture;
import io.panzoto.testing.TestInfra;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.common.header.Header;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * Decrypt-and-transcribe end to end: a real auth-service checks the password, the request travels
 * through Kafka, the transcriber reads the object from s3proxy, and the transcript comes back sealed
 * under the user's key.
 */
@QuarkusTest
@WithTestResource(AudioTestResource.class)
class TranscriptionApiTest {
    @Inject
    DataSource database;

    @Inject
    JobLedger ledger;

    @Test
    void anUploadedRecordingIsTranscribedAndOnlyItsOwnerCanReadTheTranscript() throws Exception {
        TestUser user = newUser();
        awaitKeySalt(user);
        List<String> secrets = new ArrayList<>(List.of(user.password()));
        try (SecretBytes key = user.fileKey(); LogCapture logs = LogCapture.start()) {
            secrets.add(Base64.getEncoder().encodeToString(key.bytes()));
            secrets.add(Bytes.hex(key.bytes()));
            byte[] encrypted = Recordings.encryptV0(Recordings.fixture("speech.3gp"), key);
            Response uploaded = given().header("Authorization", user.bearer()).contentType("application/octet-stream")
                    .body(encrypted).post("/api/v1/audio-files/upload?file_name=shopping.3gp.enc");
            uploaded.then().statusCode(201).body("audio_file.file_size", equalTo(encrypted.length))
                    .body("audio_file.format", equalTo("v0"));
            String fileId = uploaded.path("audio_file.id");
            TopicReader.awaitRecord("audio.uploaded", record -> record.value().contains(fileId), Duration.ofSeconds(30));

            Response accepted = decryptAudio(user, Map.of("password", user.password(), "file_id", fileId));
            accepted.then().statusCode(200).body("status", equalTo("ready_for_transcription")).body("job_status", equalTo("queued"))
                    .body("job_id", notNullValue()).body("file_info.file_id", equalTo(fileId))
                    .body("file_info.id", equalTo(fileId)).body("message", notNullValue());
            String jobId = accepted.path("job_id");

            JsonPath done = awaitJob(user, jobId, "done");
            assertEquals(100, done.getInt("progress"));
            byte[] sealed = Base64.getDecoder().decode(done.getString("encrypted_transcript"));
            String text = AndroidTranscript.open(key, fileId, sealed);
            Recordings.assertHeard("speech.3gp", text);
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("password", user.password()))
                    .post("/api/v1/transcriptions/" + jobId + "/decrypt").then().statusCode(200).body("transcript", equalTo(text));
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("password", "not it at all"))
                    .post("/api/v1/transcriptions/" + jobId + "/decrypt").then().statusCode(401);

            // Asking again answers the finished job: one transcript per recording, not one per request.
            decryptAudio(user, Map.of("password", user.password(), "s3_key", uploaded.path("audio_file.s3_key")))
                    .then().statusCode(200).body("job_id", equalTo(jobId)).body("job_status", equalTo("done"));
            // The v1 route answers the same request as a job: 202 and where to follow it.
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("password", user.password(), "file_id", fileId)).post("/api/v1/transcriptions")
                    .then().statusCode(202).header("Location", Matchers.endsWith("/api/v1/transcriptions/" + jobId))
                    .body("job_id", equalTo(jobId)).body("status", equalTo("done"));

            TestUser intruder = newUser();
            given().header("Authorization", intruder.bearer()).get("/api/v1/transcriptions/" + jobId).then().statusCode(404)
                    .body("error", notNullValue());
            given().header("Authorization", intruder.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("password", intruder.password())).post("/api/v1/transcriptions/" + jobId + "/decrypt")
                    .then().statusCode(404);
            decryptAudio(intruder, Map.of("password", intruder.password(), "file_id", fileId)).then().statusCode(404);

            var request = TopicReader.awaitRecord("audio.transcription-requested", record -> record.value().contains(jobId), JOB_TIMEOUT);
            // Once published, the request (its sealed key) is not kept in the outbox for the week published rows stay.
            assertEquals(0, count("SELECT count(*) FROM outbox_events WHERE topic = 'audio.transcription-requested'"
                    + " AND published_at IS NOT NULL AND payload LIKE '%sealed_key%'"));
            var transcribed = TopicReader.awaitRecord("audio.transcribed", record -> record.value().contains(jobId), JOB_TIMEOUT);
            secrets.add(text);
            for (String secret : secrets) {
                assertFalse(request.value().contains(secret), "the request record carries a secret");
                assertFalse(transcribed.value().contains(secret), "the transcribed record carries a secret");
            }
            for (String word : Recordings.SPOKEN_WORDS) {
                assertFalse(transcribed.value().contains(word), "the event carries words of the transcript");
            }
            logs.assertNoneContain(secrets);
        }
        assertWorkDirEmpty();
    }

    @Test
    void aRecordingUploadedByAPresignedUrlInTheAppsOwnLayoutIsTranscribedBeforeTheAccountEventArrives() throws Exception {
        TestUser user = newUser();
        // As if auth.user-registered had not reached this service yet: the password check brings the salt.
        awaitKeySalt(user);
        execute("DELETE FROM user_keys WHERE user_id = '" + user.id() + "'");
        try (SecretBytes key = user.fileKey()) {
            byte[] encrypted = Recordings.encryptV0(Recordings.fixture("speech.m4a"), key);
            String appKey = "users/" + user.id() + "/audio-123.m4a";
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("file_size", encrypted.length, "s3_key", "users/" + UUID.randomUUID() + "/audio-1.m4a"))
                    .post("/api/v1/audio-files/upload-url").then().statusCode(400).body("code", equalTo("invalid_s3_key"));
            Response url = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("file_size", encrypted.length, "s3_key", appKey)).post("/api/v1/audio-files/upload-url");
            url.then().statusCode(200).body("method", equalTo("PUT"));
            String s3Key = url.path("s3_key");
            assertEquals(appKey, s3Key);

            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(url.path("upload_url")))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(encrypted));
            Map<String, String> headers = url.path("headers");
            headers.forEach((name, value) -> {
                if (!"content-length".equalsIgnoreCase(name)) {
                    put.header(name, value);
                }
            });
            HttpResponse<String> stored = HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stored.statusCode(), stored.body());

            // Only s3_key, as seed 001's app sends it: the size is read from S3.
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("s3_key", s3Key)).post("/api/audio-file").then().statusCode(201)
                    .body("audio_file.file_size", equalTo(encrypted.length)).body("audio_file.s3_key", equalTo(appKey));
            String jobId = decryptAudio(user, Map.of("password", user.password(), "s3_key", s3Key)).then().statusCode(200)
                    .extract().path("job_id");
            assertEquals(0, count("SELECT count(*) FROM user_keys WHERE user_id = '" + user.id() + "'"));
            JsonPath done = awaitJob(user, jobId, "done");
            String text = AndroidTranscript.open(key, done.getString("audio_file_id"),
                    Base64.getDecoder().decode(done.getString("encrypted_transcript")));
            Recordings.assertHeard("speech.m4a", text);
        }
    }

    @Test
    void aWrongPasswordIs401AndQueuesNothing() throws Exception {
        TestUser user = newUser();
        String fileId = uploadEncrypted(user, "speech.wav", false);
        decryptAudio(user, Map.of("password", "definitely not the password", "file_id", fileId)).then().statusCode(401)
                .body("error", notNullValue()).body("code", equalTo("invalid_credentials"));
        assertEquals(0, count("SELECT count(*) FROM transcription_jobs WHERE audio_file_id = '" + fileId + "'"));
        decryptAudio(user, Map.of("file_id", fileId)).then().statusCode(400).body("code", equalTo("missing_fields"));
        decryptAudio(user, Map.of("password", user.password())).then().statusCode(400).body("code", equalTo("missing_fields"));
        decryptAudio(user, Map.of("password", user.password(), "file_id", UUID.randomUUID().toString())).then().statusCode(404);
        // As the seeds: the password is checked before the file is looked up.
        decryptAudio(user, Map.of("password", "definitely not the password", "file_id", UUID.randomUUID().toString()))
                .then().statusCode(401);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body("{not json")
                .post("/api/decrypt-audio").then().statusCode(400);
        given().header("Authorization", user.bearer()).get("/api/v1/transcriptions/not-a-job").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("password", "x", "file_id", fileId)).post("/api/decrypt-audio")
                .then().statusCode(401);
    }

    @Test
    void aTamperedRecordingFailsItsJobAndLeavesNoTranscriptAndNoPlaintext() throws Exception {
        TestUser user = newUser();
        awaitKeySalt(user);
        String fileId = uploadEncrypted(user, "speech.wav", true);
        String jobId = queue(user, fileId);
        JsonPath failed = awaitJob(user, jobId, "failed");
        assertEquals("decryption_failed", failed.getString("failure_reason"));
        assertEquals(null, failed.getString("encrypted_transcript"));
        var event = TopicReader.awaitRecord("audio.transcription-failed", record -> record.value().contains(jobId), JOB_TIMEOUT);
        assertTrue(event.value().contains("decryption_failed"), event.value());
        assertWorkDirEmpty();
        // A failed job is not reused: asking again queues a fresh one.
        String retry = queue(user, fileId);
        assertFalse(retry.equals(jobId));
        awaitJob(user, retry, "failed");
    }

    @Test
    void anUnreadableRequestGoesToTheDeadLetterTopicWithItsReason() {
        String marker = UUID.randomUUID().toString();
        AudioTestSupport.publish("audio.transcription-requested", UUID.randomUUID(), "audio.transcription-requested", marker,
                "{\"job_id\":\"" + marker + "\",\"sealed_key\":\"%%% not base64\"}");
        var parked = TopicReader.awaitRecord("audio.transcription-requested.dlq", record -> record.value().contains(marker),
                Duration.ofSeconds(60));
        Header reason = parked.headers().lastHeader("dead-letter-reason");
        assertNotNull(reason, "the .dlq record says why");
        assertTrue(new String(reason.value()).contains("a transcription request without a valid job id or sealed key"), new String(reason.value()));
        assertFalse(parked.value().contains("not base64"), "the sealed key never reaches the .dlq: " + parked.value());
    }

    @Test
    void aQueuedJobWhoseKeyExpiredFailsAsKeyExpiredAndIsAnnounced() throws Exception {
        // Its request may have aged out of the topic (kept two hours): without the sweep it stayed queued for ever.
        TestUser user = newUser();
        awaitKeySalt(user);
        String fileId = uploadEncrypted(user, "speech.wav", false);
        UUID jobId = UUID.randomUUID();
        try (var connection = database.getConnection(); var insert = connection.prepareStatement("""
                INSERT INTO transcription_jobs (id, user_id, audio_file_id, status, progress, attempts, key_expires_at, created_at, updated_at)
                VALUES (?, ?, ?, 'queued', 0, 0, now() - interval '1 hour', now() - interval '2 hours', now() - interval '2 hours')""")) {
            insert.setObject(1, jobId);
            insert.setObject(2, user.id());
            insert.setObject(3, UUID.fromString(fileId));
            insert.executeUpdate();
        }
        ledger.failExpiredQueuedJobs();

        JsonPath failed = awaitJob(user, jobId.toString(), "failed");
        assertEquals("key_expired", failed.getString("failure_reason"));
        TopicReader.awaitRecord("audio.transcription-failed", record -> record.value().contains(jobId.toString()), JOB_TIMEOUT);
    }

    @Test
    void aRedeliveredRequestMakesNoSecondTranscript() throws Exception {
        TestUser user = newUser();
        TranscribedRecording done = transcribedWav(user);
        String fileId = done.fileId();
        String jobId = done.jobId();
        var request = TopicReader.awaitRecord("audio.transcription-requested", record -> record.value().contains(jobId), JOB_TIMEOUT);

        // The same record again, as Kafka redelivers after a crash; then a marker behind it on the same partition.
        AudioTestSupport.publishRaw("audio.transcription-requested", request.key(), request.value());
        String marker = UUID.randomUUID().toString();
        AudioTestSupport.publishRaw("audio.transcription-requested", request.key(), "{\"body\":{\"job_id\":\"marker " + marker + "\"}}");
        TopicReader.awaitRecord("audio.transcription-requested.dlq", record -> record.value().contains(marker), JOB_TIMEOUT);

        assertEquals(1, count("SELECT count(*) FROM transcription_jobs WHERE audio_file_id = '" + fileId + "'"));
        assertEquals(1, count("SELECT attempts FROM transcription_jobs WHERE id = '" + jobId + "'"));
        assertEquals(1, count("SELECT count(*) FROM outbox_events WHERE topic = 'audio.transcribed' AND payload LIKE '%" + jobId + "%'"));
    }

    @Test
    void aDatabaseOutageWhileAJobRunsDelaysItAndLosesNothing() throws Exception {
        TestUser user = newUser();
        awaitKeySalt(user);
        String s3Key = user.key(UUID.randomUUID() + "-long.wav.enc");
        byte[] encrypted;
        try (SecretBytes key = user.fileKey()) {
            encrypted = Recordings.encryptV0(Recordings.repeatedSpeech(30), key);
        }
        putObject(s3Key, encrypted);
        String fileId = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("s3_key", s3Key, "file_size", encrypted.length)).post("/api/audio-file")
                .then().statusCode(201).extract().path("audio_file.id");
        String jobId = queue(user, fileId);
        awaitJob(user, jobId, "transcribing");

        // Progress and the transcript cannot be written while the database is down: the worker waits.
        TestInfra.stopPostgres();
        try {
            Thread.sleep(4_000);
        } finally {
            TestInfra.startPostgres();
        }
        JsonPath done = awaitJob(user, jobId, "done");
        assertEquals(1, done.getInt("attempts"));
        try (SecretBytes key = user.fileKey()) {
            String text = AndroidTranscript.open(key, fileId, Base64.getDecoder().decode(done.getString("encrypted_transcript")));
            assertTrue(text.contains("milk"), text);
        }
        assertEquals(1, count("SELECT count(*) FROM outbox_events WHERE topic = 'audio.transcribed' AND payload LIKE '%" + jobId + "%'"));
    }

    @Test
    void deletingTheRecordingRemovesItsTranscript() throws Exception {
        TestUser user = newUser();
        TranscribedRecording done = transcribedWav(user);
        String fileId = done.fileId();
        String jobId = done.jobId();
        given().header("Authorization", user.bearer()).delete("/api/v1/audio-files/" + fileId).then().statusCode(204);
        given().header("Authorization", user.bearer()).get("/api/v1/transcriptions/" + jobId).then().statusCode(404);
        assertEquals(0, count("SELECT count(*) FROM transcription_jobs WHERE id = '" + jobId + "'"));
    }

    @Test
    void streamingUploadsAreCheckedAndSpanManyParts() {
        TestUser user = newUser();
        given().header("Authorization", user.bearer()).contentType("application/octet-stream").body(new byte[0])
                .post("/api/v1/audio-files/upload").then().statusCode(400).body("code", equalTo("empty_body"));
        given().header("Authorization", user.bearer()).contentType("application/octet-stream").body(new byte[10])
                .post("/api/v1/audio-files/upload?file_name=../../etc/passwd").then().statusCode(400)
                .body("code", equalTo("invalid_file_name"));
        given().header("Authorization", user.bearer()).contentType("application/octet-stream").body(new byte[10])
                .post("/api/v1/audio-files/upload?format=v9").then().statusCode(400).body("code", equalTo("invalid_format"));
        given().contentType("application/octet-stream").body(new byte[10]).post("/api/v1/audio-files/upload").then().statusCode(401);

        // Three parts of the test's 5 MiB part size, just under the 16 MiB limit; then one byte over it.
        byte[] large = new byte[15 * 1024 * 1024 + 123];
        new Random(7).nextBytes(large);
        given().header("Authorization", user.bearer()).contentType("application/octet-stream").body(large)
                .post("/api/v1/audio-files/upload?file_name=long.wav.enc").then().statusCode(201)
                .body("audio_file.file_size", equalTo(large.length));
        given().header("Authorization", user.bearer()).contentType("application/octet-stream").body(new byte[16 * 1024 * 1024 + 1])
                .post("/api/v1/audio-files/upload?file_name=too-long.wav.enc").then().statusCode(413).body("code", equalTo("too_large"));
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("file_name", "big.enc", "file_size", 16L * 1024 * 1024 + 1)).post("/api/v1/audio-files/upload-url")
                .then().statusCode(413);
        given().header("Authorization", user.bearer()).get("/api/user/audio-files").then().body("audio_files.size()", equalTo(1));
    }

    private record TranscribedRecording(String fileId, String jobId) {
    }

    /** The WAV fixture uploaded for the user and transcribed to the end. */
    private TranscribedRecording transcribedWav(TestUser user) throws Exception {
        awaitKeySalt(user);
        String fileId = uploadEncrypted(user, "speech.wav", false);
        String jobId = queue(user, fileId);
        awaitJob(user, jobId, "done");
        return new TranscribedRecording(fileId, jobId);
    }

    /** decrypt-audio with the right password: the job's id. */
    private static String queue(TestUser user, String fileId) {
        return decryptAudio(user, Map.of("password", user.password(), "file_id", fileId)).then().statusCode(200)
                .extract().path("job_id");
    }

    private String uploadEncrypted(TestUser user, String fixture, boolean tamper) {
        try (SecretBytes key = user.fileKey()) {
            byte[] encrypted = Recordings.encryptV0(Recordings.fixture(fixture), key);
            if (tamper) {
                encrypted[encrypted.length / 2] ^= 0x01;
            }
            String s3Key = user.key(UUID.randomUUID() + "-" + fixture + ".enc");
            putObject(s3Key, encrypted);
            return given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("s3_key", s3Key, "file_size", encrypted.length)).post("/api/audio-file")
                    .then().statusCode(201).extract().path("audio_file.id");
        }
    }

    private static Response decryptAudio(TestUser user, Map<String, String> body) {
        return given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body).post("/api/decrypt-audio");
    }

    /** auth-service announces each account on Kafka; a request before it arrives would be 409. */
    private void awaitKeySalt(TestUser user) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (count("SELECT count(*) FROM user_keys WHERE user_id = '" + user.id() + "'") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the account's key salt never reached audio-service");
            }
            Thread.sleep(100);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql);
             ResultSet row = query.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    private static void assertWorkDirEmpty() throws Exception {
        Path workDir = Path.of("target/transcriber-work");
        try (Stream<Path> files = Files.exists(workDir) ? Files.list(workDir) : Stream.empty()) {
            assertEquals(List.of(), files.toList(), "decrypted audio left behind");
        }
    }
}
