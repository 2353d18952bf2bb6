package io.panzoto.audio.transcription;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static io.panzoto.audio.AudioTestSupport.publish;
import static io.panzoto.audio.AudioTestSupport.publishRaw;
import static io.panzoto.audio.AudioTestSupport.putObject;
import static io.panzoto.audio.transcription.JobPolling.JOB_TIMEOUT;
import static io.panzoto.audio.transcription.JobPolling.awaitJob;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panzoto.audio.AudioTestResource;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.audio.Recordings;
import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.audio.AndroidTranscript;
import io.panzoto.crypto.envelope.SealedFileKey;
import io.panzoto.testing.LogCapture;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue #24, the design card's flow: a v1 client encrypts with a fresh file key, seals that key to the
 * transcriber's published key, uploads; {@code audio.uploaded} starts the job; the transcript comes
 * back sealed under the file key, and afterwards no table, topic or log holds the file key or its box.
 * The client side is done here with common-crypto (lazysodium), as a Flutter or Android client would.
 */
@QuarkusTest
@WithTestResource(AudioTestResource.class)
class UploadTranscriptionTest {
    @Inject
    DataSource database;

    /** The client's side of one recording: its object key, file key, ciphertext and sealed file key. */
    private record ClientRecording(String s3Key, byte[] fileKey, byte[] encrypted, String sealedFileKey, String keyId) {
        SecretBytes key() {
            return SecretBytes.copyOf(fileKey);
        }
    }

    @Test
    void aPresignedV1UploadWithItsSealedFileKeyIsTranscribedAndOnlyTheFileKeyReadsTheTranscript() throws Exception {
        TestUser user = newUser();
        List<String> secrets = new ArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            ClientRecording recording = client(user, "speech.3gp", null);
            secrets.addAll(List.of(Bytes.hex(recording.fileKey()), Base64.getEncoder().encodeToString(recording.fileKey()),
                    recording.sealedFileKey()));
            putObject(recording.s3Key(), recording.encrypted());
            JsonPath registered = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(registration(recording)).post("/api/audio-file")
                    .then().statusCode(201).body("audio_file.format", equalTo("v1")).body("transcription.status", equalTo("queued"))
                    .body("transcription.job_id", notNullValue()).extract().jsonPath();
            String fileId = registered.getString("audio_file.id");
            String jobId = registered.getString("transcription.job_id");

            JsonPath done = awaitJob(user, jobId, "done");
            byte[] sealedTranscript = Base64.getDecoder().decode(done.getString("encrypted_transcript"));
            String text;
            try (SecretBytes key = recording.key()) {
                text = AndroidTranscript.open(key, fileId, sealedTranscript);
            }
            Recordings.assertHeard("speech.3gp", text);
            try (SecretBytes otherKey = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
                assertThrows(AuthenticationFailedException.class, () -> AndroidTranscript.open(otherKey, fileId, sealedTranscript),
                        "only the file key reads the transcript");
            }
            TopicReader.awaitRecord("audio.transcribed", record -> record.value().contains(jobId), JOB_TIMEOUT);
            secrets.add(text);

            assertEquals(0, count("SELECT count(*) FROM transcription_jobs WHERE sealed_file_key IS NOT NULL AND id = '" + jobId + "'"),
                    "the sealed file key left with the job");
            assertNoTableHolds(secrets);
            assertNoTopicHolds(secrets, "audio.uploaded", "audio.transcribed", "audio.transcription-failed", "audio.uploaded.dlq",
                    "audio.transcription-requested", "audio.transcription-requested.dlq");
            logs.assertNoneContain(secrets);

            // audio.uploaded delivered again (a replay, a rebalance): consumed, and the ended job runs no second time.
            ConsumerRecord<String, String> uploaded = TopicReader.awaitRecord("audio.uploaded", record -> record.value().contains(fileId),
                    JOB_TIMEOUT);
            publishRaw("audio.uploaded", uploaded.key(), uploaded.value());
            ConsumerRecord<String, String> again = TopicReader.recordsMatching("audio.uploaded", record -> record.value().contains(fileId),
                    Duration.ofSeconds(2)).get(1);
            TopicReader.awaitConsumedBy("audio-transcriber-uploads", again, JOB_TIMEOUT);
            given().header("Authorization", user.bearer()).get("/api/v1/transcriptions/" + jobId).then()
                    .body("status", equalTo("done")).body("attempts", equalTo(1));
        }
    }

    @Test
    void aStreamedV1UploadNamesItsOwnKeyAndCarriesTheSealedKeyInHeaders() throws Exception {
        TestUser user = newUser();
        ClientRecording recording = client(user, "speech.3gp", null);
        JsonPath answer = given().header("Authorization", user.bearer()).contentType("application/octet-stream")
                .header("X-Sealed-File-Key", recording.sealedFileKey()).header("X-Transcriber-Key-Id", recording.keyId())
                .queryParam("format", "v1").queryParam("s3_key", recording.s3Key()).body(recording.encrypted())
                .post("/api/v1/audio-files/upload").then().statusCode(201).body("audio_file.s3_key", equalTo(recording.s3Key()))
                .body("transcription.status", equalTo("queued")).extract().jsonPath();
        JsonPath done = awaitJob(user, answer.getString("transcription.job_id"), "done");
        try (SecretBytes key = recording.key()) {
            Recordings.assertHeard("speech.3gp", AndroidTranscript.open(key, answer.getString("audio_file.id"),
                    Base64.getDecoder().decode(done.getString("encrypted_transcript"))));
        }
        // The same key again: refused before the body is read, nothing overwritten.
        given().header("Authorization", user.bearer()).contentType("application/octet-stream").queryParam("format", "v1")
                .queryParam("s3_key", recording.s3Key()).body(new byte[] {1, 2, 3}).post("/api/v1/audio-files/upload")
                .then().statusCode(409).body("code", equalTo("duplicate_s3_key"));
    }

    @Test
    void aTamperedChunkOrABoxSealedForAnotherObjectFailsTheJobAndErasesTheBox() throws Exception {
        TestUser user = newUser();
        ClientRecording tampered = client(user, "speech.3gp", null);
        tampered.encrypted()[tampered.encrypted().length / 2] ^= 0x01;
        String tamperedJob = register(user, tampered);
        ClientRecording misbound = client(user, "speech.3gp", user.key(UUID.randomUUID() + "-elsewhere.v1"));
        String misboundJob = register(user, misbound);

        awaitJob(user, tamperedJob, "failed");
        given().header("Authorization", user.bearer()).get("/api/v1/transcriptions/" + tamperedJob).then()
                .body("failure_reason", equalTo("decryption_failed"));
        awaitJob(user, misboundJob, "failed");
        given().header("Authorization", user.bearer()).get("/api/v1/transcriptions/" + misboundJob).then()
                .body("failure_reason", equalTo("key_unusable"));
        assertEquals(0, count("SELECT count(*) FROM transcription_jobs WHERE sealed_file_key IS NOT NULL AND id IN ('"
                + tamperedJob + "', '" + misboundJob + "')"), "a failed job keeps no box either");
        TopicReader.awaitRecord("audio.transcription-failed", record -> record.value().contains(tamperedJob), JOB_TIMEOUT);
    }

    @Test
    void badRequestsAreRefusedWithTheirReasonAndQueueNothing() {
        TestUser user = newUser();
        ClientRecording recording = client(user, "speech.3gp", null);
        putObject(recording.s3Key(), recording.encrypted());
        Map<String, Object> v0 = new HashMap<>(registration(recording));
        v0.put("format", "v0");
        refused(user, v0, "format_not_v1");
        Map<String, Object> halfOnly = new HashMap<>(registration(recording));
        halfOnly.remove("transcriber_key_id");
        refused(user, halfOnly, "missing_fields");
        Map<String, Object> notBase64 = new HashMap<>(registration(recording));
        notBase64.put("sealed_file_key", "%%%");
        refused(user, notBase64, "invalid_sealed_file_key");
        Map<String, Object> shortBox = new HashMap<>(registration(recording));
        shortBox.put("sealed_file_key", Base64.getEncoder().encodeToString(new byte[40]));
        refused(user, shortBox, "invalid_sealed_file_key");
        Map<String, Object> unknownKey = new HashMap<>(registration(recording));
        unknownKey.put("transcriber_key_id", "0000000000000000");
        refused(user, unknownKey, "unknown_transcriber_key");
        given().get("/api/v1/transcriber-key").then().statusCode(401);
        // Nothing was registered by the refusals: the same registration is accepted afterwards.
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(registration(recording))
                .post("/api/audio-file").then().statusCode(201);
    }

    @Test
    void anUnreadableUploadEventIsParkedAndTheChannelGoesOn() {
        String marker = UUID.randomUUID().toString();
        publish("audio.uploaded", UUID.randomUUID(), "audio.uploaded", marker, "{\"audio_file_id\":\"not-a-uuid-" + marker + "\"}");
        // Another kind of event on the topic (a probe) is not this consumer's: acknowledged, not parked.
        publish("audio.uploaded", UUID.randomUUID(), "platform.probe", marker, "{\"probe\":\"" + marker + "-probe\"}");
        TopicReader.awaitRecord("audio.uploaded.dlq", record -> record.value() != null && record.value().contains("not-a-uuid-" + marker),
                JOB_TIMEOUT);
        given().get("/q/health/ready").then().statusCode(200);
        assertEquals(List.of(), TopicReader.recordsMatching("audio.uploaded.dlq", record -> record.value() != null
                && record.value().contains(marker + "-probe"), Duration.ofSeconds(3)), "the probe was not parked");
    }

    private static void refused(TestUser user, Map<String, Object> body, String code) {
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body).post("/api/audio-file")
                .then().statusCode(400).body("code", equalTo(code));
    }

    /** What the client does: fetch the transcriber's key, encrypt v1 under a fresh file key, seal the key (for {@code boundTo}). */
    private static ClientRecording client(TestUser user, String fixture, String sealFor) {
        JsonPath published = given().header("Authorization", user.bearer()).get("/api/v1/transcriber-key")
                .then().statusCode(200).body("algorithm", equalTo("x25519-sealed-box")).extract().jsonPath();
        String s3Key = user.key(UUID.randomUUID() + "-" + fixture + ".v1");
        byte[] fileKey = SecureRandoms.bytes(32);
        try (SecretBytes key = SecretBytes.copyOf(fileKey)) {
            byte[] encrypted = Recordings.encryptV1(Recordings.fixture(fixture), key, s3Key);
            byte[] sealed = SealedFileKey.seal(key, sealFor == null ? s3Key : sealFor, Bytes.fromBase64(published.getString("public_key")));
            return new ClientRecording(s3Key, fileKey, encrypted, Base64.getEncoder().encodeToString(sealed), published.getString("key_id"));
        }
    }

    private static Map<String, Object> registration(ClientRecording recording) {
        return Map.of("s3_key", recording.s3Key(), "file_size", recording.encrypted().length, "format", "v1",
                "sealed_file_key", recording.sealedFileKey(), "transcriber_key_id", recording.keyId());
    }

    private static String register(TestUser user, ClientRecording recording) {
        putObject(recording.s3Key(), recording.encrypted());
        return given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(registration(recording))
                .post("/api/audio-file").then().statusCode(201).extract().path("transcription.job_id");
    }

    /** Every row of every table of the service's database, as text, searched for each secret (hex too, as bytea prints). */
    private void assertNoTableHolds(List<String> secrets) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables "
                        + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        for (String table : tables) {
            try (Connection connection = database.getConnection();
                 PreparedStatement query = connection.prepareStatement("SELECT t::text FROM " + table + " t"); ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String row = rows.getString(1);
                    for (String secret : secrets) {
                        assertFalse(row.contains(secret) || row.contains(hexOfBase64(secret)), table + " holds a secret");
                    }
                }
            }
        }
    }

    private static String hexOfBase64(String value) {
        try {
            return Bytes.hex(Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static void assertNoTopicHolds(List<String> secrets, String... topics) {
        for (String topic : topics) {
            List<String> held = TopicReader.recordsMatching(topic, record -> record.value() != null
                    && secrets.stream().anyMatch(record.value()::contains), Duration.ofSeconds(2)).stream().map(record -> topic).toList();
            assertEquals(List.of(), held, topic + " holds a secret");
        }
    }

    private long count(String sql) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql);
             ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
