package io.panzoto.diary.entries;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.diary.DiaryClient;
import io.panzoto.diary.DiaryTestResource;
import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The journal through HTTP and Kafka, both tiers, against real PostgreSQL, Kafka and auth-service. */
@QuarkusTest
@WithTestResource(DiaryTestResource.class)
class EntryApiTest {
    private static final String ENTRIES = "/api/v1/diary/entries";

    @Inject
    DataSource database;

    @Inject
    EntryService entries;

    @Test
    void aUceEntryIsWrittenReadUpdatedWithItsVersionTrashedRestoredAndItsHistoryHolds() {
        DiaryClient user = DiaryClient.register("uce");
        Response created = user.request().body(Map.of("content", "first words #morning", "entry_date", "2026-11-30", "source", "app"))
                .post(ENTRIES);
        created.then().statusCode(201).header("ETag", "\"1\"").body("version", equalTo(1)).body("tier", equalTo("uce"))
                .body("content", equalTo("first words #morning")).body("ciphertext", nullValue());
        String id = created.path("id");
        user.request().get(ENTRIES + "/" + id).then().statusCode(200).body("content", equalTo("first words #morning"));

        // A write names the version it replaces: none is 428, a stale If-Match 412, a stale body version 409.
        Map<String, Object> second = Map.of("content", "second thoughts");
        user.request().body(second).put(ENTRIES + "/" + id).then().statusCode(428).body("code", equalTo("version_required"));
        user.request().header("If-Match", "\"7\"").body(second).put(ENTRIES + "/" + id).then().statusCode(412);
        user.request().body(Map.of("content", "second thoughts", "version", 7)).put(ENTRIES + "/" + id).then().statusCode(409);
        user.request().header("If-Match", "\"1\"").body(second).put(ENTRIES + "/" + id).then().statusCode(200)
                .header("ETag", "\"2\"").body("content", equalTo("second thoughts"));
        user.request().header("If-Match", "\"1\"").body(Map.of("content", "lost update")).put(ENTRIES + "/" + id).then().statusCode(412);

        user.request().delete(ENTRIES + "/" + id).then().statusCode(200).body("version", equalTo(3));
        user.request().get(ENTRIES + "/" + id).then().statusCode(404);
        user.request().get(ENTRIES + "/trash").then().statusCode(200).body("id", equalTo(List.of(id)));
        user.request().post(ENTRIES + "/" + id + "/restore").then().statusCode(200).body("version", equalTo(4));
        user.request().get(ENTRIES + "/" + id).then().statusCode(200).body("content", equalTo("second thoughts"));

        user.request().get(ENTRIES + "/" + id + "/versions").then().statusCode(200)
                .body("change", equalTo(List.of("created", "updated", "deleted", "restored")));
        user.request().get(ENTRIES + "/" + id + "/versions/1").then().statusCode(200).body("content", equalTo("first words #morning"));
        user.request().get(ENTRIES + "/" + id + "/versions/3").then().statusCode(200).body("content", equalTo("second thoughts"));
        user.request().get(ENTRIES + "/" + id + "/versions/5").then().statusCode(404);
        user.request().get(ENTRIES + "/" + id + "/verify").then().statusCode(200).body("verified", equalTo(true))
                .body("versions", equalTo(4)).body("first_broken_version", nullValue());

        var changed = TopicReader.awaitRecord("diary.entry-changed", record -> record.value().contains(id)
                && record.value().contains("\"kind\":\"restored\""), Duration.ofSeconds(60));
        assertFalse(changed.value().contains("second thoughts"), "ids, version and kind only");
    }

    @Test
    void aUceDiaryOpensOnlyWithItsOwnersLiveTicket() {
        DiaryClient user = DiaryClient.register("uce");
        String id = user.write("needs the key");
        user.withTicket(null).request().get(ENTRIES + "/" + id).then().statusCode(401).body("code", equalTo("data_key_ticket_required"));
        user.withTicket("not-a-ticket").request().get(ENTRIES + "/" + id).then().statusCode(401).body("code", equalTo("data_key_ticket_invalid"));
        DiaryClient other = DiaryClient.register("uce");
        user.withTicket(other.ticket()).request().get(ENTRIES + "/" + id).then().statusCode(401).body("code", equalTo("data_key_ticket_invalid"));

        // Ending every session ends the old session's token and ticket (once auth.sessions-revoked arrives);
        // a new sign-in's token cannot use the old ticket either, being of another session.
        given().baseUri(TestAuthService.start()).header("Authorization", "Bearer " + user.token()).post("/api/v1/auth/logout-all")
                .then().statusCode(200);
        awaitStatus(user, id, 401);
        DiaryClient signedIn = user.signIn();
        user.withToken(signedIn.token()).request().get(ENTRIES + "/" + id).then().statusCode(401).body("code", equalTo("data_key_ticket_invalid"));
        signedIn.request().get(ENTRIES + "/" + id).then().statusCode(200).body("content", equalTo("needs the key"));
    }

    @Test
    void aLogoutEndsThatSessionsTokenAndTicketAndNoOtherSession() {
        DiaryClient phone = DiaryClient.register("uce");
        String id = phone.write("written on the phone");
        DiaryClient laptop = phone.signIn();
        laptop.request().get(ENTRIES + "/" + id).then().statusCode(200).body("content", equalTo("written on the phone"));
        // A ticket works only beside a token of its own session.
        phone.withTicket(laptop.ticket()).request().get(ENTRIES + "/" + id).then().statusCode(401)
                .body("code", equalTo("data_key_ticket_invalid"));

        given().baseUri(TestAuthService.start()).contentType(ContentType.JSON).body(Map.of("refresh_token", phone.refreshToken()))
                .post("/api/v1/auth/logout").then().statusCode(200);
        awaitStatus(phone, id, 401);
        laptop.request().get(ENTRIES + "/" + id).then().statusCode(200);
    }

    /** Asks until the answer is the status (a revocation travels over Kafka), at most 20 s. */
    private static void awaitStatus(DiaryClient user, String id, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status;
        do {
            status = user.request().get(ENTRIES + "/" + id).statusCode();
        } while (status != expected && System.nanoTime() < deadline);
        assertEquals(expected, status, "auth.sessions-revoked reached diary-service");
    }

    @Test
    void anE2eEntryIsStoredAsTheClientsCiphertextWithItsHashChecked() {
        DiaryClient user = DiaryClient.register("e2e");
        byte[] ciphertext = SecureRandoms.bytes(200);
        byte[] nonce = SecureRandoms.bytes(12);
        Map<String, Object> body = new HashMap<>(Map.of("ciphertext", Bytes.base64(ciphertext), "nonce", Bytes.base64(nonce),
                "content_hash", ContentHash.sha256Hex(ciphertext), "entry_date", "2026-11-29", "source", "import"));
        String id = user.request().body(body).post(ENTRIES).then().statusCode(201).body("tier", equalTo("e2e"))
                .body("content", nullValue()).extract().path("id");
        user.request().get(ENTRIES + "/" + id).then().statusCode(200).body("ciphertext", equalTo(Bytes.base64(ciphertext)))
                .body("nonce", equalTo(Bytes.base64(nonce))).body("content_hash", equalTo(ContentHash.sha256Hex(ciphertext)));

        body.put("content_hash", ContentHash.sha256Hex(new byte[1]));
        user.request().body(body).post(ENTRIES).then().statusCode(400).body("code", equalTo("content_hash_mismatch"));
        user.request().body(Map.of("content", "plaintext for an e2e diary")).post(ENTRIES).then().statusCode(400)
                .body("code", equalTo("missing_fields"));
        user.request().get(ENTRIES + "?source=import").then().statusCode(200).body("entries", hasSize(1));
        user.request().get(ENTRIES + "/" + id + "/verify").then().statusCode(200).body("verified", equalTo(true));
    }

    @Test
    void anotherUsersEntryIsNotFoundWhateverTheRoute() {
        DiaryClient owner = DiaryClient.register("uce");
        String id = owner.write("mine alone");
        DiaryClient stranger = DiaryClient.register("uce");
        stranger.request().get(ENTRIES + "/" + id).then().statusCode(404);
        stranger.request().header("If-Match", "1").body(Map.of("content", "overwritten")).put(ENTRIES + "/" + id).then().statusCode(404);
        stranger.request().delete(ENTRIES + "/" + id).then().statusCode(404);
        stranger.request().post(ENTRIES + "/" + id + "/restore").then().statusCode(404);
        stranger.request().get(ENTRIES + "/" + id + "/versions").then().statusCode(404);
        stranger.request().get(ENTRIES + "/" + id + "/versions/1").then().statusCode(404);
        stranger.request().get(ENTRIES + "/" + id + "/verify").then().statusCode(404);
        stranger.request().get(ENTRIES).then().statusCode(200).body("entries", hasSize(0));
        owner.request().get(ENTRIES + "/" + id).then().statusCode(200).body("content", equalTo("mine alone"));
    }

    @Test
    void badInputIsAClear4xxAndListsPageByDate() {
        DiaryClient user = DiaryClient.register("uce");
        given().get(ENTRIES).then().statusCode(401).body("code", equalTo("token_missing"));
        user.request().post(ENTRIES).then().statusCode(400).body("code", equalTo("missing_fields"));
        user.request().body("{not json").post(ENTRIES).then().statusCode(400).body("code", equalTo("malformed_json"));
        user.request().body(Map.of("content", "x", "entry_date", "yesterday")).post(ENTRIES).then().statusCode(400);
        user.request().body(Map.of("content", "x", "source", "Not A Source!")).post(ENTRIES).then().statusCode(400)
                .body("code", equalTo("invalid_source"));
        user.request().body(Map.of("content", "")).post(ENTRIES).then().statusCode(400).body("code", equalTo("empty_entry"));
        user.request().body(Map.of("content", "x".repeat(65_537))).post(ENTRIES).then().statusCode(413)
                .body("code", equalTo("entry_too_large"));
        user.request().get(ENTRIES + "/not-a-uuid").then().statusCode(404);
        user.request().get(ENTRIES + "?from=someday").then().statusCode(400).body("code", equalTo("invalid_from"));
        user.request().get(ENTRIES + "?limit=0").then().statusCode(400);
        user.request().get(ENTRIES + "?cursor=" + UUID.randomUUID()).then().statusCode(400).body("code", equalTo("invalid_cursor"));

        for (String date : List.of("2026-01-03", "2026-01-01", "2026-01-02")) {
            user.request().body(Map.of("content", "day " + date, "entry_date", date)).post(ENTRIES).then().statusCode(201);
        }
        Response first = user.request().get(ENTRIES + "?limit=2");
        first.then().statusCode(200).body("entries.entry_date", equalTo(List.of("2026-01-03", "2026-01-02")));
        String cursor = first.path("next_cursor");
        assertNotNull(cursor);
        user.request().get(ENTRIES + "?limit=2&cursor=" + cursor).then().statusCode(200)
                .body("entries.entry_date", equalTo(List.of("2026-01-01"))).body("next_cursor", nullValue());
        user.request().get(ENTRIES + "?from=2026-01-02&to=2026-01-02").then().statusCode(200)
                .body("entries.content", equalTo(List.of("day 2026-01-02")));
    }

    @Test
    void anEditMadeInTheDatabaseIsCaughtByTheHistoryCheck() throws Exception {
        DiaryClient user = DiaryClient.register("uce");
        String id = user.write("the record as written");
        user.request().header("If-Match", "1").body(Map.of("content", "amended")).put(ENTRIES + "/" + id).then().statusCode(200);
        user.request().get(ENTRIES + "/" + id + "/verify").then().body("verified", equalTo(true));

        // Someone with the database rewrites the first event's content hash: the chain breaks at version 1.
        execute("UPDATE entry_events SET content_hash = ? WHERE entry_id = ? AND version = 1", new byte[32], UUID.fromString(id));
        user.request().get(ENTRIES + "/" + id + "/verify").then().statusCode(200).body("verified", equalTo(false))
                .body("first_broken_version", equalTo(1));

        String other = user.write("another record");
        // Swapping the body for other bytes breaks the entry against the chain's head.
        execute("UPDATE entries SET body = ? WHERE id = ?", SecureRandoms.bytes(64), UUID.fromString(other));
        user.request().get(ENTRIES + "/" + other + "/verify").then().body("verified", equalTo(false)).body("first_broken_version", equalTo(1));
    }

    @Test
    void entriesLongInTheTrashArePurgedWithTheirHistory() throws Throwable {
        DiaryClient user = DiaryClient.register("e2e");
        byte[] ciphertext = SecureRandoms.bytes(40);
        String id = user.request().body(Map.of("ciphertext", Bytes.base64(ciphertext), "nonce", Bytes.base64(SecureRandoms.bytes(24)),
                "content_hash", ContentHash.sha256Hex(ciphertext))).post(ENTRIES).then().statusCode(201).extract().path("id");
        user.request().delete(ENTRIES + "/" + id).then().statusCode(200);
        execute("UPDATE entries SET deleted_at = now() - interval '31 days' WHERE id = ?", UUID.fromString(id));
        assertTrue(VertxContextSupport.subscribeAndAwait(() -> entries.purgeExpiredTrash()) >= 1);
        assertEquals(0, count("SELECT count(*) FROM entries WHERE id = ?", UUID.fromString(id)));
        assertEquals(0, count("SELECT count(*) FROM entry_events WHERE entry_id = ?", UUID.fromString(id)));
    }

    private void execute(String sql, Object... parameters) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private long count(String sql, Object... parameters) throws Exception {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
