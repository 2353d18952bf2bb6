package io.panzoto.messaging.files;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.messaging.sessions.SessionRemains;
import io.panzoto.messaging.sessions.SessionTestResource;
import io.panzoto.messaging.sessions.SessionUser;
import io.panzoto.storage.ObjectStore;
import io.panzoto.testing.Eventually;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * SecureSession's files over HTTP against real PostgreSQL, Kafka and s3proxy: streamed uploads of
 * client ciphertext, downloads with ranges, the size limit and the quota (declared and streamed), max
 * downloads, delete by the uploader, and nothing left in the bucket or the tables once a session ends.
 * Limits in the test profile: 12 MiB a file, 16 MiB a user, 5 MiB parts.
 */
@QuarkusTest
@WithTestResource(SessionTestResource.class)
class FileApiTest {
    private static final int MIB = 1024 * 1024;

    @Inject
    ObjectStore objects;

    @Inject
    DataSource database;

    @TestHTTPResource("/")
    URI base;

    @Test
    void participantsDownloadWholeOrByRangeAndOnlyTheUploaderDeletes() {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        SessionUser eve = SessionUser.signUp();
        String session = sessionOf(alice, bob);
        byte[] blob = SecureRandoms.bytes(300_000); // stands for the client's ciphertext
        byte[] metadata = SecureRandoms.bytes(64);   // the client's encrypted name and type

        Response uploaded = alice.request().contentType("application/octet-stream").header("X-File-Metadata", Bytes.base64(metadata))
                .queryParam("session_id", session).body(blob).post("/api/files/upload");
        uploaded.then().statusCode(201).body("session_id", equalTo(session)).body("uploader_id", equalTo(alice.id().toString()))
                .body("size", equalTo(blob.length)).body("metadata", equalTo(Bytes.base64(metadata))).body("max_downloads", nullValue())
                .body("downloads", equalTo(0));
        String file = uploaded.path("id");

        bob.request().get("/api/sessions/" + session + "/files").then().statusCode(200).body("files.id", contains(file));
        Response whole = bob.request().get("/api/files/" + file + "/download");
        whole.then().statusCode(200).header("Accept-Ranges", "bytes").header("Content-Length", Integer.toString(blob.length));
        assertArrayEquals(blob, whole.asByteArray());

        Response middle = bob.request().header("Range", "bytes=1000-1999").get("/api/files/" + file + "/download");
        middle.then().statusCode(206).header("Content-Range", "bytes 1000-1999/" + blob.length).header("Content-Length", "1000");
        assertArrayEquals(Arrays.copyOfRange(blob, 1000, 2000), middle.asByteArray());
        Response tail = bob.request().header("Range", "bytes=-500").get("/api/files/" + file + "/download");
        tail.then().statusCode(206).header("Content-Range", "bytes " + (blob.length - 500) + "-" + (blob.length - 1) + "/" + blob.length);
        assertArrayEquals(Arrays.copyOfRange(blob, blob.length - 500, blob.length), tail.asByteArray());
        bob.request().header("Range", "bytes=" + blob.length + "-").get("/api/files/" + file + "/download").then().statusCode(416)
                .header("Content-Range", "bytes */" + blob.length).body("code", equalTo("range_not_satisfiable"));

        eve.request().get("/api/files/" + file + "/download").then().statusCode(404).body("code", equalTo("not_found"));
        bob.request().get("/api/files/not-a-file/download").then().statusCode(404).body("code", equalTo("not_found"));
        bob.request().delete("/api/files/not-a-file").then().statusCode(404).body("code", equalTo("not_found"));
        eve.request().get("/api/sessions/" + session + "/files").then().statusCode(404);
        eve.request().delete("/api/files/" + file).then().statusCode(404);
        eve.request().contentType("application/octet-stream").queryParam("session_id", session).body(blob).post("/api/files/upload")
                .then().statusCode(404);
        bob.request().delete("/api/files/" + file).then().statusCode(403).body("code", equalTo("not_uploader"));
        bob.request().get("/api/sessions/" + session + "/files").then().body("files", hasSize(1));

        alice.request().delete("/api/files/" + file).then().statusCode(204);
        bob.request().get("/api/files/" + file + "/download").then().statusCode(404);
        bob.request().get("/api/sessions/" + session + "/files").then().body("files", hasSize(0));
        assertEquals(List.of(), objects.keys("sessions/" + session + "/"));
    }

    @Test
    void largeFilesStreamInPartsAndTheLimitsRefuseWithNothingLeftBehind() throws Exception {
        SessionUser alice = SessionUser.signUp();
        String session = sessionOf(alice);
        // Declared too large: refused before the body is read (the client still gets to read the answer).
        assertRefused(413, "file_too_large", upload(alice, session, new byte[13 * MIB], true));
        byte[] large = SecureRandoms.bytes(11 * MIB); // three 5 MiB parts, the last short
        Response uploaded = alice.request().contentType("application/octet-stream").queryParam("session_id", session).body(large)
                .post("/api/files/upload");
        uploaded.then().statusCode(201).body("size", equalTo(large.length));
        assertArrayEquals(large, alice.request().get("/api/files/" + uploaded.path("id") + "/download").asByteArray());

        // 11 MiB used of 16: a declared 6 MiB passes the file limit but not the quota.
        assertRefused(413, "quota_exceeded", upload(alice, session, new byte[6 * MIB], true));
        // Undeclared (chunked): cut while streaming, at the quota.
        assertRefused(413, "quota_exceeded", upload(alice, session, new byte[6 * MIB], false));
        // A client that asks first (Expect: 100-continue) hears the refusal without sending a byte of the body.
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /api/files/upload?session_id=" + session + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + alice.token() + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (13 * MIB) + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(10_000);
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", answer);
        }

        alice.request().contentType("application/octet-stream").queryParam("session_id", session).body(new byte[0])
                .post("/api/files/upload").then().statusCode(400).body("code", equalTo("empty_body"));
        alice.request().contentType("application/octet-stream").queryParam("session_id", session).queryParam("max_downloads", "0")
                .body(new byte[10]).post("/api/files/upload").then().statusCode(400).body("code", equalTo("invalid_max_downloads"));
        alice.request().contentType("application/octet-stream").queryParam("session_id", session).header("X-File-Metadata", "***")
                .body(new byte[10]).post("/api/files/upload").then().statusCode(400).body("code", equalTo("invalid_base64"));
        alice.request().contentType("application/octet-stream").queryParam("session_id", "nope").body(new byte[10])
                .post("/api/files/upload").then().statusCode(404);
        io.restassured.RestAssured.given().contentType("application/octet-stream").queryParam("session_id", session).body(new byte[10])
                .post("/api/files/upload").then().statusCode(401).body("code", equalTo("token_missing"));

        alice.request().get("/api/sessions/" + session + "/files").then().body("files", hasSize(1));
        assertEquals(1, objects.keys("sessions/" + session + "/").size(), "only the stored file is in the bucket");
    }

    @Test
    void aFileWithMaxDownloadsGoesAfterTheLastOne() {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        String session = sessionOf(alice, bob);
        byte[] blob = SecureRandoms.bytes(5000);
        String file = alice.request().contentType("application/octet-stream").queryParam("session_id", session)
                .queryParam("max_downloads", 2).body(blob).post("/api/files/upload").then().statusCode(201)
                .body("max_downloads", equalTo(2)).extract().path("id");
        assertArrayEquals(blob, bob.request().get("/api/files/" + file + "/download").asByteArray());
        bob.request().get("/api/sessions/" + session + "/files").then().body("files[0].downloads", equalTo(1));
        bob.request().header("Range", "bytes=0-99").get("/api/files/" + file + "/download").then().statusCode(206); // ranges count too
        bob.request().get("/api/files/" + file + "/download").then().statusCode(404);
        Eventually.until("the spent file leaves the bucket", Duration.ofSeconds(10), () -> objects.keys("sessions/" + session + "/").isEmpty());
        bob.request().get("/api/sessions/" + session + "/files").then().body("files", hasSize(0));
    }

    @Test
    void anEndedSessionsFilesLeaveTheBucketAndTheTables() throws SQLException {
        SessionUser alice = SessionUser.signUp();
        SessionUser bob = SessionUser.signUp();
        String session = sessionOf(alice, bob);
        for (SessionUser sender : List.of(alice, bob)) {
            sender.request().contentType("application/octet-stream").queryParam("session_id", session).body(SecureRandoms.bytes(2048))
                    .post("/api/files/upload").then().statusCode(201);
        }
        assertEquals(2, objects.keys("sessions/" + session + "/").size());
        bob.request().delete("/api/sessions/" + session).then().statusCode(204);
        Eventually.until("the ended session's files leave the bucket", Duration.ofSeconds(30), () -> objects.keys("sessions/" + session + "/").isEmpty());
        assertEquals(0, SessionRemains.rows(database, session));
    }

    /** An upload by java.net.http: with a Content-Length, or chunked. */
    private HttpResponse<String> upload(SessionUser user, String session, byte[] body, boolean declared)
            throws Exception {
        HttpRequest.BodyPublisher publisher = declared ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(base.resolve("/api/files/upload?session_id=" + session))
                        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/octet-stream")
                        .POST(publisher).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(int status, String code, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"code\":\"" + code + "\""), response.body());
    }

    static String sessionOf(SessionUser creator, SessionUser... others) {
        return creator.request().body(Map.of("participants", Arrays.stream(others).map(user -> user.id().toString()).toList()))
                .post("/api/sessions").then().statusCode(201).extract().path("id");
    }
}
