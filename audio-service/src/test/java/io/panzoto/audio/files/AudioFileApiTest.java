package io.panzoto.audio.files;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static io.panzoto.audio.AudioTestSupport.objectExists;
import static io.panzoto.audio.AudioTestSupport.putObject;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.audio.AudioTestResource;
import io.panzoto.audio.AudioTestSupport;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Audio file records over HTTP with real PostgreSQL and s3proxy, scoped to the caller. */
@QuarkusTest
@WithTestResource(AudioTestResource.class)
class AudioFileApiTest {

    @Test
    void registerListGetAndDeleteARecording() {
        TestUser user = newUser();
        String key = "audio/" + user.id() + "/note-1.3gp";
        putObject(key, new byte[100]);
        Response created = register(user, key, 100);
        created.then().statusCode(201).body("audio_file.s3_key", equalTo(key)).body("audio_file.file_size", equalTo(100))
                .body("audio_file.user_id", equalTo(user.id().toString()));
        String id = created.path("audio_file.id");
        // The Android app's field names (seeds 000/001) beside ours.
        created.then().body("audio_file.file_id", equalTo(id)).body("audio_file.uploaded_at", equalTo(created.path("audio_file.created_at")));

        given().header("Authorization", user.bearer()).get("/api/user/audio-files?limit=10").then().statusCode(200)
                .body("audio_files", hasSize(1)).body("audio_files[0].id", equalTo(id)).body("audio_files[0].file_id", equalTo(id))
                .body("audio_files[0].uploaded_at", Matchers.notNullValue());
        given().header("Authorization", user.bearer()).get("/api/v1/audio-files/" + id).then().statusCode(200)
                .body("s3_key", equalTo(key));
        given().header("Authorization", user.bearer()).delete("/api/v1/audio-files/" + id).then().statusCode(204);
        assertFalse(objectExists(key), "deleting the record deletes the object");
        given().header("Authorization", user.bearer()).get("/api/v1/audio-files/" + id).then().statusCode(404);
        given().header("Authorization", user.bearer()).delete("/api/v1/audio-files/" + id).then().statusCode(404);
    }

    @Test
    void anotherUsersFileIsNotFoundAndTheirPrefixIsOffLimits() {
        TestUser owner = newUser();
        TestUser intruder = newUser();
        String key = "audio/" + owner.id() + "/private.m4a";
        putObject(key, new byte[10]);
        String id = register(owner, key, 10).then().statusCode(201).extract().path("audio_file.id");

        given().header("Authorization", intruder.bearer()).get("/api/v1/audio-files/" + id).then().statusCode(404)
                .body("error", equalTo("no such audio file"));
        given().header("Authorization", intruder.bearer()).delete("/api/v1/audio-files/" + id).then().statusCode(404);
        assertTrue(objectExists(key), "the intruder's delete touched nothing");
        given().header("Authorization", intruder.bearer()).get("/api/user/audio-files").then().body("audio_files", hasSize(0));
        register(intruder, key, 10).then().statusCode(400).body("code", equalTo("invalid_s3_key"));
        register(intruder, "audio/" + intruder.id() + "/../" + owner + "/private.m4a", 10).then().statusCode(400);
    }

    @Test
    void theObjectMustExistWithTheDeclaredSizeAndOnlyOnce() {
        TestUser user = newUser();
        String key = "audio/" + user.id() + "/sized.wav";
        register(user, key, 5).then().statusCode(400).body("code", equalTo("object_missing"));
        putObject(key, new byte[5]);
        register(user, key, 6).then().statusCode(400).body("code", equalTo("size_mismatch"));
        register(user, key, 5).then().statusCode(201);
        register(user, key, 5).then().statusCode(409).body("code", equalTo("duplicate_s3_key"));
        register(user, "audio/" + user.id() + "/line\nbreak.wav", 5).then().statusCode(400).body("code", equalTo("invalid_s3_key"));
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("file_size", 5))
                .post("/api/audio-file").then().statusCode(400).body("error", equalTo("s3_key is required"));
        // Only s3_key (seeds 000/001): the size comes from S3; in the app's own layout too.
        String appKey = "users/" + user.id() + "/audio-123.3gp";
        putObject(appKey, new byte[7]);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("s3_key", appKey))
                .post("/api/audio-file").then().statusCode(201).body("audio_file.file_size", equalTo(7))
                .body("audio_file.s3_key", equalTo(appKey)).body("audio_file.file_id", Matchers.notNullValue());
        TestUser intruder = newUser();
        given().header("Authorization", intruder.bearer()).contentType(ContentType.JSON).body(Map.of("s3_key", appKey))
                .post("/api/audio-file").then().statusCode(400).body("code", equalTo("invalid_s3_key"));
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("s3_key", "users/" + user.id() + "//x.3gp")).post("/api/audio-file").then().statusCode(400);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body("{oops")
                .post("/api/audio-file").then().statusCode(400);
    }

    @Test
    void listsPageNewestFirstByCursor() {
        TestUser user = newUser();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String key = "audio/" + user.id() + "/n" + i + ".wav";
            putObject(key, new byte[1]);
            ids.add(register(user, key, 1).then().statusCode(201).extract().path("audio_file.id"));
        }
        Response first = given().header("Authorization", user.bearer()).get("/api/v1/audio-files?limit=2");
        assertEquals(List.of(ids.get(2), ids.get(1)), first.jsonPath().getList("audio_files.id"));
        Response second = given().header("Authorization", user.bearer())
                .get("/api/v1/audio-files?limit=2&cursor=" + first.path("next_cursor"));
        assertEquals(List.of(ids.get(0)), second.jsonPath().getList("audio_files.id"));
        second.then().body("next_cursor", nullValue());
        given().header("Authorization", user.bearer()).get("/api/v1/audio-files?limit=0").then().statusCode(400);
        given().header("Authorization", user.bearer()).get("/api/v1/audio-files?limit=ten").then().statusCode(400)
                .body("code", equalTo("invalid_limit"));
        given().header("Authorization", user.bearer()).get("/api/user/audio-files?limit=ten").then().statusCode(400);
        given().header("Authorization", user.bearer()).get("/api/v1/audio-files?cursor=" + UUID.randomUUID()).then().statusCode(400)
                .body("code", equalTo("invalid_cursor"));
        given().header("Authorization", user.bearer()).get("/api/v1/audio-files?cursor=not-a-uuid").then().statusCode(400)
                .body("code", equalTo("invalid_cursor"));
        // The last file as a cursor is a page at the end, not an error; another user's file is no cursor of mine.
        given().header("Authorization", user.bearer()).get("/api/v1/audio-files?cursor=" + ids.get(0)).then().statusCode(200)
                .body("audio_files", hasSize(0)).body("next_cursor", nullValue());
        TestUser other = newUser();
        given().header("Authorization", other.bearer()).get("/api/v1/audio-files?cursor=" + ids.get(2)).then().statusCode(400)
                .body("code", equalTo("invalid_cursor"));
        given().header("Authorization", user.bearer()).get("/api/user/audio-files?limit=100000").then().statusCode(200)
                .body("audio_files", hasSize(3)).body("audio_files[0].file_id", equalTo(ids.get(2)))
                .body("audio_files[0].user_id", equalTo(user.id().toString())).body("audio_files[0].format", equalTo("v0"))
                .body("audio_files[0].file_size", equalTo(1));
    }

    @Test
    void withoutAValidTokenEveryRouteIs401WithAJsonError() throws Exception {
        given().get("/api/user/audio-files").then().statusCode(401).contentType(ContentType.JSON).body("code", equalTo("token_missing"));
        given().header("Authorization", "Bearer not.a.token").get("/api/v1/audio-files").then().statusCode(401)
                .body("code", equalTo("token_invalid"));
        given().contentType("application/octet-stream").body(new byte[16]).post("/api/v1/audio-files/upload?file_name=a.enc")
                .then().statusCode(401).body("code", equalTo("token_missing"));
        String forged = Jwt.subject(UUID.randomUUID().toString()).issuer("https://auth.panzoto.local")
                .audience("panzoto").sign(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate());
        given().header("Authorization", "Bearer " + forged).get("/api/v1/audio-files").then().statusCode(401);
    }

    @Test
    void aTokenWhoseUserLoggedOutEverywhereIsRefusedHereWithinSeconds() throws Exception {
        TestUser user = newUser();
        given().header("Authorization", user.bearer()).get("/api/user/audio-files").then().statusCode(200);
        given().header("Authorization", user.bearer()).post(AudioTestSupport.authUrl() + "/api/v1/auth/logout-all").then().statusCode(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status;
        do {
            status = given().header("Authorization", user.bearer()).get("/api/user/audio-files").statusCode();
            if (status == 200) {
                Thread.sleep(100);
            }
        } while (status == 200 && System.nanoTime() < deadline);
        assertEquals(401, status, "auth.sessions-revoked reached audio-service");
        given().header("Authorization", user.bearer()).get("/api/user/audio-files").then().statusCode(401)
                .contentType(ContentType.JSON).body("code", equalTo("token_invalid"));
        // The streaming upload route checks its token outside the REST layer: the same refusal.
        given().header("Authorization", user.bearer()).contentType("application/octet-stream").body(new byte[16])
                .post("/api/v1/audio-files/upload?file_name=late.enc").then().statusCode(401).body("code", equalTo("token_invalid"));
    }

    private static Response register(TestUser user, String key, long size) {
        return given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("s3_key", key, "file_size", size)).post("/api/audio-file");
    }
}
