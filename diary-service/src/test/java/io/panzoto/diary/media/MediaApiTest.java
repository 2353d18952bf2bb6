package io.panzoto.diary.media;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.SecureRandoms;
import io.panzoto.diary.DiaryClient;
import io.panzoto.diary.DiaryTestResource;
import io.panzoto.storage.ObjectStore;
import io.panzoto.testing.Eventually;
import io.panzoto.testing.FacePhotos;
import io.panzoto.testing.TestAuthService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Diary media end to end over HTTP, on real PostgreSQL, Kafka, s3proxy and auth-service: streamed and
 * presigned uploads, uce sealing, ranged reads, thumbnails, the quota (12 MiB in tests), ownership,
 * deletion and a deleted user's media leaving S3.
 */
@QuarkusTest
@WithTestResource(DiaryTestResource.class)
class MediaApiTest {
    private static final int MIB = 1024 * 1024;

    @Inject
    ObjectStore objects;

    @Test
    void anE2eBlobStreamsInAndOutWholeAndByRangeAndOnlyForItsOwner() {
        DiaryClient alice = DiaryClient.register("e2e");
        byte[] blob = SecureRandoms.bytes(300_000);
        Response stored = upload(alice, "audio", null, blob, "application/octet-stream");
        stored.then().statusCode(201).body("kind", equalTo("audio")).body("tier", equalTo("e2e")).body("size", equalTo(blob.length))
                .body("stored_bytes", equalTo(blob.length));
        String id = stored.path("id");
        assertArrayEquals(blob, objectBytes(alice, id), "the client's ciphertext is stored as sent");

        assertArrayEquals(blob, alice.request().get("/api/v1/diary/media/" + id + "/content").then().statusCode(200)
                .header("Accept-Ranges", "bytes").extract().asByteArray());
        Response range = alice.request().header("Range", "bytes=1000-1999").get("/api/v1/diary/media/" + id + "/content");
        range.then().statusCode(206).header("Content-Range", "bytes 1000-1999/" + blob.length);
        assertArrayEquals(Arrays.copyOfRange(blob, 1000, 2000), range.asByteArray());
        alice.request().header("Range", "bytes=" + blob.length + "-").get("/api/v1/diary/media/" + id + "/content").then().statusCode(416);
        alice.request().get("/api/v1/diary/media").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
        alice.request().get("/api/v1/diary/usage").then().statusCode(200).body("used", equalTo(blob.length))
                .body("limit", equalTo(12 * MIB));

        DiaryClient mallory = DiaryClient.register("e2e");
        mallory.request().get("/api/v1/diary/media/" + id).then().statusCode(404);
        mallory.request().get("/api/v1/diary/media/" + id + "/content").then().statusCode(404);
        mallory.request().get("/api/v1/diary/media/" + id + "/download-url").then().statusCode(404);
        mallory.request().delete("/api/v1/diary/media/" + id).then().statusCode(404);
        mallory.request().get("/api/v1/diary/media").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/v1/diary/media/" + id + "/content").then().statusCode(401);

        alice.request().delete("/api/v1/diary/media/" + id).then().statusCode(204);
        alice.request().get("/api/v1/diary/media/" + id + "/content").then().statusCode(404);
        alice.request().get("/api/v1/diary/usage").then().body("used", equalTo(0));
        assertEquals(0, objects.keys("diary/" + alice.userId() + "/").size(), "deleted from S3");
    }

    @Test
    void aUcePhotoIsSealedHereReadableByRangeAndGetsASealedThumbnail() throws Exception {
        DiaryClient bob = DiaryClient.register("uce");
        String entry = bob.write("a day at the sea");
        byte[] photo = FacePhotos.phoneSized(FacePhotos.Person.S2B);
        Response stored = upload(bob, "photo", entry, photo, "image/jpeg");
        stored.then().statusCode(201).body("tier", equalTo("uce")).body("entry_id", equalTo(entry)).body("size", equalTo(photo.length))
                .body("content_type", equalTo("image/jpeg")).body("thumbnail", equalTo(true))
                .body("stored_bytes", greaterThan(photo.length));
        String id = stored.path("id");

        byte[] atRest = objectBytes(bob, id);
        assertEquals("PZS", new String(atRest, 0, 3, java.nio.charset.StandardCharsets.US_ASCII), "streaming v1 at rest");
        assertFalse(indexOf(atRest, Arrays.copyOfRange(photo, 1000, 1064)), "no plaintext at rest");

        assertArrayEquals(photo, bob.request().get("/api/v1/diary/media/" + id + "/content").then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray());
        // A range across a chunk boundary (64 KiB chunks): only those chunks are fetched and opened.
        Response range = bob.request().header("Range", "bytes=65000-140000").get("/api/v1/diary/media/" + id + "/content");
        range.then().statusCode(206).header("Content-Range", "bytes 65000-140000/" + photo.length);
        assertArrayEquals(Arrays.copyOfRange(photo, 65000, 140001), range.asByteArray());
        Response tail = bob.request().header("Range", "bytes=-100").get("/api/v1/diary/media/" + id + "/content");
        assertArrayEquals(Arrays.copyOfRange(photo, photo.length - 100, photo.length), tail.asByteArray());

        byte[] thumbnail = bob.request().get("/api/v1/diary/media/" + id + "/thumbnail").then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray();
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
        assertEquals(320, Math.max(small.getWidth(), small.getHeight()));
        byte[] thumbnailAtRest = objects.open("diary/" + bob.userId() + "/" + id + ".thumbnail").readAllBytes();
        assertEquals("PZS", new String(thumbnailAtRest, 0, 3, java.nio.charset.StandardCharsets.US_ASCII), "the thumbnail is sealed too");

        bob.request().get("/api/v1/diary/media?entry_id=" + entry).then().statusCode(200).body("id", org.hamcrest.Matchers.contains(id));
        // Reading a uce file needs the ticket: without it, or with another session's, nothing opens.
        bob.withTicket(null).request().get("/api/v1/diary/media/" + id + "/content").then().statusCode(401)
                .body("code", equalTo("data_key_ticket_required"));
        DiaryClient other = DiaryClient.register("uce");
        bob.withTicket(other.ticket()).request().get("/api/v1/diary/media/" + id + "/content").then().statusCode(401);
        other.request().get("/api/v1/diary/media/" + id + "/content").then().statusCode(404);
    }

    @Test
    void badUploadsAreRefusedWithTheReasonAndLeaveNothing() {
        DiaryClient carol = DiaryClient.register("uce");
        byte[] audio = SecureRandoms.bytes(5000);
        upload(carol, "sculpture", null, audio, "audio/ogg").then().statusCode(400).body("code", equalTo("invalid_kind"));
        upload(carol, "photo", null, audio, "audio/ogg").then().statusCode(400).body("code", equalTo("invalid_content_type"));
        upload(carol, "photo", null, audio, "image/<svg>").then().statusCode(400).body("code", equalTo("invalid_content_type"));
        upload(carol, "audio", UUID.randomUUID().toString(), audio, "audio/ogg").then().statusCode(404);
        DiaryClient stranger = DiaryClient.register("uce");
        upload(carol, "audio", stranger.write("not carol's"), audio, "audio/ogg").then().statusCode(404);
        upload(carol.withTicket(null), "audio", null, audio, "audio/ogg").then().statusCode(401);
        upload(carol, "audio", null, new byte[0], "audio/ogg").then().statusCode(400).body("code", equalTo("empty_body"));
        carol.request().contentType(ContentType.JSON).body(Map.of("kind", "photo", "size", 10)).post("/api/v1/diary/media/upload-url")
                .then().statusCode(409).body("code", equalTo("wrong_tier"));
        assertEquals(0, objects.keys("diary/" + carol.userId() + "/").size());
        carol.request().get("/api/v1/diary/usage").then().body("used", equalTo(0));
    }

    @Test
    void theQuotaIsEnforcedBeforeAndDuringAnUploadAndFreedOnDelete() throws Exception {
        DiaryClient dan = DiaryClient.register("e2e");
        String first = upload(dan, "video", null, SecureRandoms.bytes(8 * MIB), "application/octet-stream").then().statusCode(201)
                .extract().path("id");
        // Declared too large: refused before a byte is read.
        upload(dan, "video", null, SecureRandoms.bytes(5 * MIB), "application/octet-stream").then().statusCode(413)
                .body("code", equalTo("quota_exceeded"));
        // Not declared (chunked): cut while streaming, nothing half-stored.
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUri() + "/api/v1/diary/media?kind=video"))
                .header("Authorization", "Bearer " + dan.token()).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(SecureRandoms.bytes(5 * MIB)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(chunked.body().contains("quota_exceeded"), chunked.body());
        assertEquals(1, objects.keys("diary/" + dan.userId() + "/").size(), "only the first file is in S3");
        dan.request().get("/api/v1/diary/usage").then().body("used", equalTo(8 * MIB)).body("available", equalTo(4 * MIB));

        dan.request().delete("/api/v1/diary/media/" + first).then().statusCode(204);
        upload(dan, "video", null, SecureRandoms.bytes(5 * MIB), "application/octet-stream").then().statusCode(201);
    }

    @Test
    void anE2eClientUploadsAndDownloadsThroughPresignedUrls() throws Exception {
        DiaryClient erin = DiaryClient.register("e2e");
        byte[] blob = SecureRandoms.bytes(200_000);
        Response presigned = erin.request().contentType(ContentType.JSON).body(Map.of("kind", "photo", "size", blob.length))
                .post("/api/v1/diary/media/upload-url");
        presigned.then().statusCode(201).body("media.status", equalTo("uploading"));
        String id = presigned.path("media.id");
        erin.request().post("/api/v1/diary/media/" + id + "/complete").then().statusCode(409).body("code", equalTo("upload_missing"));
        // The reservation counts at once, so two clients cannot both fill the last bytes.
        erin.request().get("/api/v1/diary/usage").then().body("used", equalTo(blob.length));

        Map<String, String> headers = presigned.path("upload.headers");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(presigned.path("upload.url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                request.header(name, value);
            }
        });
        assertEquals(200, HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        erin.request().post("/api/v1/diary/media/" + id + "/complete").then().statusCode(200).body("status", equalTo("stored"))
                .body("size", equalTo(blob.length));

        String url = erin.request().get("/api/v1/diary/media/" + id + "/download-url").then().statusCode(200).extract().path("url");
        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(blob, fetched.body());
        assertArrayEquals(blob, erin.request().get("/api/v1/diary/media/" + id + "/content").then().statusCode(200).extract().asByteArray());
    }

    @Test
    void entriesAreFilteredByWhetherTheyHaveMedia() {
        DiaryClient ivy = DiaryClient.register("uce");
        String withPhoto = ivy.write("the river at dawn");
        String plain = ivy.write("the river at dusk");
        upload(ivy, "photo", withPhoto, FacePhotos.photo(FacePhotos.Person.S3C, 0), "image/jpeg").then().statusCode(201);
        ivy.request().get("/api/v1/diary/entries?has_media=true").then().statusCode(200)
                .body("entries.id", org.hamcrest.Matchers.contains(withPhoto));
        ivy.request().get("/api/v1/diary/entries?has_media=false").then().statusCode(200)
                .body("entries.id", org.hamcrest.Matchers.contains(plain));
        ivy.request().get("/api/v1/diary/entries/search?q=river&has_media=true").then().statusCode(200)
                .body("entries.id", org.hamcrest.Matchers.contains(withPhoto));
        ivy.request().get("/api/v1/diary/entries/search?q=river&has_media=false").then().statusCode(200)
                .body("entries.id", org.hamcrest.Matchers.contains(plain));
        ivy.request().get("/api/v1/diary/entries?has_media=maybe").then().statusCode(400).body("code", equalTo("invalid_has_media"));
        // Another user's media never count.
        DiaryClient other = DiaryClient.register("uce");
        other.request().get("/api/v1/diary/entries?has_media=true").then().statusCode(200).body("entries", hasSize(0));
    }

    @Test
    void aDeletedUsersMediaLeaveS3() {
        DiaryClient frank = DiaryClient.register("uce");
        upload(frank, "photo", null, FacePhotos.photo(FacePhotos.Person.S4A, 0), "image/jpeg").then().statusCode(201);
        upload(frank, "audio", null, SecureRandoms.bytes(10_000), "audio/mp4").then().statusCode(201);
        assertEquals(3, objects.keys("diary/" + frank.userId() + "/").size(), "two files and a thumbnail");
        given().baseUri(TestAuthService.start()).header("Authorization", "Bearer " + frank.token()).contentType(ContentType.JSON)
                .body(Map.of("password", frank.password())).delete("/api/v1/me").then().statusCode(204);
        Eventually.until("the deleted user's media are gone from S3", Duration.ofSeconds(30),
                () -> objects.keys("diary/" + frank.userId() + "/").isEmpty());
    }

    private static Response upload(DiaryClient client, String kind, String entryId, byte[] body, String contentType) {
        RequestSpecification request = client.request().contentType(contentType).queryParam("kind", kind).body(body);
        if (entryId != null) {
            request.queryParam("entry_id", entryId);
        }
        return request.post("/api/v1/diary/media");
    }

    private byte[] objectBytes(DiaryClient client, String id) {
        try (InputStream in = objects.open("diary/" + client.userId() + "/" + id)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String baseUri() {
        return io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
    }

    private static boolean indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
