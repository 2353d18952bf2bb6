package io.panzoto.diary.imports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.SealedBox;
import io.panzoto.crypto.sodium.X25519;
import io.panzoto.diary.DiaryClient;
import io.panzoto.diary.DiaryTestResource;
import io.panzoto.diary.integrations.FacebookAccounts;
import io.panzoto.diary.integrations.GraphApiStub.StubPost;
import io.panzoto.diary.integrations.GraphApiStub;
import io.panzoto.platform.concurrent.Workers;
import io.panzoto.testing.Eventually;
import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Imports end to end over HTTP and Kafka against the Graph API stub: paging, the since cursor, dedup,
 * retries through failures and throttling, X-App-Usage, the dead-letter topic, the e2e sealed boxes, the
 * uce inbox delivered at the next unlock, the scheduled sync, the "Download Your Information" upload,
 * publishing to a Page once per entry, and ownership.
 */
@QuarkusTest
@WithTestResource(DiaryTestResource.class)
class ImportApiTest {
    private static final GraphApiStub GRAPH = GraphApiStub.start();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FIRST_POST = Instant.parse("2026-01-01T08:00:00Z");

    @Inject
    DataSource database;

    @Inject
    ImportSchedule schedule;

    @Test
    void aGraphImportPagesEveryPostSealedToTheE2eKeyAndFindsThemAgainAsDuplicates() throws Exception {
        DiaryClient ivy = DiaryClient.register("e2e");
        String facebook = FacebookAccounts.connect(ivy);
        request(ivy).then().statusCode(409).body("code", equalTo("x25519_key_required"));
        try (SecretBytes secret = new SecretBytes(SecureRandoms.bytes(32))) {
            byte[] publicKey = X25519.publicKey(secret);
            registerX25519(ivy, publicKey);
            List<StubPost> posts = posts(facebook, 248, "ivy's day");
            posts.add(new StubPost(facebook + "_photo", null, FIRST_POST.minusSeconds(60))); // a photo without words
            posts.add(new StubPost(facebook + "_huge", "x".repeat(70_000), FIRST_POST.minusSeconds(120))); // over an entry's 64 KiB
            GRAPH.setPosts(facebook, posts);

            Response queued = request(ivy);
            queued.then().statusCode(202).body("kind", equalTo("graph")).body("requested_by", equalTo("user"));
            JsonNode job = awaitFinished(ivy, queued.path("id"));
            assertEquals("succeeded", job.path("status").asText(), job.toString());
            assertEquals(3, job.path("pages").asInt());
            assertEquals(250, job.path("posts_seen").asInt());
            assertEquals(248, job.path("imported").asInt());
            assertEquals(1, job.path("skipped").asInt());
            assertEquals(1, job.path("failed").asInt());

            // Each an entry whose body only the user's own key opens: the post, its id and time.
            List<JsonNode> entries = entries(ivy, "facebook");
            assertEquals(248, entries.size());
            java.util.Set<String> contents = new java.util.HashSet<>();
            for (JsonNode entry : entries) {
                assertEquals("sealed_box", entry.path("format").asText());
                assertTrue(entry.path("nonce").isMissingNode());
                JsonNode opened = JSON.readTree(SealedBox.open(Bytes.fromBase64(entry.path("ciphertext").asText()), publicKey, secret));
                String n = opened.path("external_id").asText().substring(facebook.length() + 1);
                assertEquals("ivy's day " + n, opened.path("content").asText());
                Instant postedAt = FIRST_POST.plusSeconds(3600L * Integer.parseInt(n));
                assertEquals(postedAt.toString(), opened.path("posted_at").asText());
                assertEquals(postedAt.toString().substring(0, 10), entry.path("entry_date").asText());
                contents.add(opened.path("content").asText());
            }
            assertEquals(248, contents.size(), "every post once");

            // The post an entry cannot hold is parked for operators: its id and reason, never its text.
            String jobId = queued.path("id");
            ConsumerRecord<String, String> parked = TopicReader.awaitRecord("diary.import-requested.dlq",
                    record -> record.value().contains(jobId), Duration.ofSeconds(30));
            assertEquals("post_too_large", new String(parked.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
            assertTrue(parked.value().contains(facebook + "_huge"));
            assertFalse(parked.value().contains("xxxxxxxx"));
            assertNoPlaintextAtRest(ivy, "ivy's day");

            // Again, with one new post: the since cursor asks only from the newest imported, which is found again.
            GRAPH.addPost(facebook, new StubPost(facebook + "_new", "ivy's new day", FIRST_POST.plusSeconds(3600L * 300)));
            JsonNode again = awaitFinished(ivy, request(ivy).then().statusCode(202).extract().path("id"));
            assertEquals("succeeded", again.path("status").asText());
            assertEquals(2, again.path("posts_seen").asInt(), "since the newest post imported");
            assertEquals(1, again.path("imported").asInt());
            assertEquals(1, again.path("duplicates").asInt());
            assertEquals(249, entries(ivy, "facebook").size());
        }
    }

    @Test
    void failuresAndThrottlingAreRetriedAndAnAppNearItsLimitWaits() throws Exception {
        DiaryClient jack = e2eWithKey();
        String facebook = FacebookAccounts.connect(jack);
        GRAPH.setPosts(facebook, posts(facebook, 150, "jack"));
        GRAPH.failNext(facebook, 6); // 500 (code 1), codes 4, 17, 613 (400), 32 (403), 503 (code 2)
        GRAPH.appUsage(facebook, "{\"call_count\":95,\"total_cputime\":20,\"total_time\":31}");
        JsonNode job = awaitFinished(jack, request(jack).then().statusCode(202).extract().path("id"));
        assertEquals("succeeded", job.path("status").asText(), job.toString());
        assertEquals(150, job.path("imported").asInt());
        assertEquals(6, job.path("retries").asInt());
        assertEquals(2, job.path("pages").asInt());
        List<Long> calls = GRAPH.postsCalls(facebook);
        assertEquals(8, calls.size(), "six failures, then two pages");
        assertTrue(calls.get(7) - calls.get(6) >= 200, "at 95% of the app's allowance the next page waited (0.2 s in tests)");

        // Graph failing beyond the retries ends the job failed with the reason; the next import runs again.
        GRAPH.failNext(facebook, 9);
        JsonNode failed = awaitFinished(jack, request(jack).then().statusCode(202).extract().path("id"));
        assertEquals("failed", failed.path("status").asText());
        assertEquals("facebook_rate_limited", failed.path("failure_reason").asText(), "the ninth try met code 17");

        // A token Facebook no longer accepts is not retried: the user must connect again.
        GRAPH.invalidateTokensOf(facebook);
        JsonNode refused = awaitFinished(jack, request(jack).then().statusCode(202).extract().path("id"));
        assertEquals("failed", refused.path("status").asText());
        assertEquals("facebook_token_invalid", refused.path("failure_reason").asText());
    }

    @Test
    void uceImportsWaitSealedToTheInboxKeyUntilTheNextUnlockAndTheScheduledSyncFetchesNewPosts() throws Exception {
        DiaryClient kim = DiaryClient.register("uce");
        String facebook = FacebookAccounts.connect(kim);
        GRAPH.setPosts(facebook, List.of(new StubPost(facebook + "_1", "A walk to the lighthouse #sea", FIRST_POST),
                new StubPost(facebook + "_2", "Rain all day", FIRST_POST.plusSeconds(86_400)),
                new StubPost(facebook + "_3", "Bread that finally rose", FIRST_POST.plusSeconds(2 * 86_400)),
                // A time from the future is parked, and must not move the since cursor past the real posts.
                new StubPost(facebook + "_future", "From 2100", Instant.parse("2100-01-01T00:00:00Z"))));
        // The inbox key is made with the data key: the first import needs the ticket.
        kim.withTicket(null).request().body(Map.of("provider", "facebook")).post("/api/v1/diary/imports")
                .then().statusCode(401).body("code", equalTo("data_key_ticket_required"));
        JsonNode job = awaitFinished(kim, request(kim).then().statusCode(202).extract().path("id"));
        assertEquals(3, job.path("imported").asInt(), job.toString());
        assertEquals(1, job.path("failed").asInt(), job.toString());

        assertEquals(3, count("SELECT count(*) FROM external_posts WHERE user_id = ? AND sealed IS NOT NULL AND entry_id IS NULL", kim));
        assertEquals(0, count("SELECT count(*) FROM entries WHERE user_id = ?", kim), "nothing sealed under the data key while away");
        assertNoPlaintextAtRest(kim, "lighthouse");
        kim.withTicket(null).request().get("/api/v1/diary/imports").then().statusCode(200).body("waiting", equalTo(3));

        // The next unlock (a list with the ticket) re-seals them under the data key as ordinary entries.
        List<JsonNode> entries = entries(kim, "facebook");
        assertEquals(3, entries.size());
        assertEquals("Bread that finally rose", entries.get(0).path("content").asText());
        assertEquals(0, count("SELECT count(*) FROM external_posts WHERE user_id = ? AND sealed IS NOT NULL", kim));
        kim.request().get("/api/v1/diary/entries/search?q=lighthouse").then().statusCode(200).body("entries", hasSize(1));
        kim.request().get("/api/v1/diary/tags").then().statusCode(200).body("name", org.hamcrest.Matchers.hasItems("#sea", "source:facebook"));

        // The scheduled sync queues an import of every account due, and the new post waits for the next unlock.
        GRAPH.addPost(facebook, new StubPost(facebook + "_4", "Snow on the hills", FIRST_POST.plusSeconds(3 * 86_400)));
        assertTrue(Workers.await(() -> schedule.requestDue(Instant.now().plusSeconds(1))) >= 1);
        Eventually.until("the scheduled import ran", Duration.ofSeconds(60), () -> {
            JsonNode imports = JSON.readTree(kim.request().get("/api/v1/diary/imports").asString()).path("imports");
            return imports.get(0).path("requested_by").asText().equals("schedule") && imports.get(0).path("status").asText().equals("succeeded");
        });
        // The export is the whole diary: what waits goes in first.
        kim.withTicket(null).request().get("/api/v1/diary/imports").then().body("waiting", equalTo(1));
        kim.request().get("/api/v1/diary/entries/export").then().statusCode(200).body("content", org.hamcrest.Matchers.hasItem("Snow on the hills"));
        kim.request().post("/api/v1/diary/imports/deliver").then().statusCode(200).body("delivered", equalTo(0)).body("waiting", equalTo(0));
        kim.request().get("/api/v1/diary/entries/search?q=snow").then().statusCode(200).body("entries", hasSize(1));
        kim.withTicket(null).request().post("/api/v1/diary/imports/deliver").then().statusCode(401);
    }

    @Test
    void aDownloadYourInformationExportIsImportedWhileItStreamsAndOnlyOnce() throws Exception {
        DiaryClient lee = DiaryClient.register("uce");
        String export = """
                [
                  {"timestamp": 1767254400, "data": [{"post": "Caf\\u00c3\\u00a9 with Ana"}], "title": "Lee updated their status."},
                  {"timestamp": 1767340800, "attachments": [{"data": [{"external_context": {"url": "https://example.org/recipe"}}]}], "data": [{"post": "Try this"}]},
                  {"timestamp": 1767427200, "data": [{"update_timestamp": 1767427200}]}
                ]
                """;
        Response imported = upload(lee, export);
        imported.then().statusCode(201).body("kind", equalTo("export")).body("status", equalTo("succeeded"))
                .body("imported", equalTo(2)).body("posts_seen", equalTo(2));
        upload(lee, export).then().statusCode(201).body("imported", equalTo(0)).body("duplicates", equalTo(2));
        upload(lee, "{\"not\": \"an export\"}").then().statusCode(400).body("code", equalTo("invalid_export"));
        // Times no post can have (beyond any Instant, the year 3237, before 1900): each post parked, never a 500.
        upload(lee, "[{\"timestamp\": 99999999999999999, \"data\": [{\"post\": \"far\"}]},"
                + " {\"timestamp\": 40000000000, \"data\": [{\"post\": \"later\"}]},"
                + " {\"timestamp\": -3000000000, \"data\": [{\"post\": \"earlier\"}]}]")
                .then().statusCode(201).body("failed", equalTo(3)).body("imported", equalTo(0));
        upload(lee, "[{\"timestamp\": 1767254400, \"data\": [").then().statusCode(400).body("code", equalTo("invalid_export"));
        assertNoPlaintextAtRest(lee, "Ana");

        // One export at a time; one whose process died (no progress for an hour) no longer holds the next back.
        execute("INSERT INTO import_jobs (id, user_id, provider, kind, requested_by, status, created_at, updated_at)"
                + " VALUES (gen_random_uuid(), ?, 'facebook', 'export', 'user', 'running', now(), now())", lee);
        upload(lee, export).then().statusCode(409).body("code", equalTo("import_in_progress"));
        execute("UPDATE import_jobs SET updated_at = now() - interval '2 hours' WHERE user_id = ? AND status = 'running'", lee);
        upload(lee, export).then().statusCode(201).body("duplicates", equalTo(2));
        assertEquals(1, count("SELECT count(*) FROM import_jobs WHERE user_id = ? AND failure_reason = 'abandoned'", lee));

        List<JsonNode> entries = entries(lee, "facebook");
        assertEquals(2, entries.size());
        assertEquals("Try this\n\nhttps://example.org/recipe", entries.get(0).path("content").asText());
        assertEquals("Café with Ana", entries.get(1).path("content").asText());

        // The same post from Graph (same time, same text) is the one already imported.
        String facebook = FacebookAccounts.connect(lee);
        GRAPH.setPosts(facebook, List.of(new StubPost(facebook + "_9", "Café with Ana", Instant.ofEpochSecond(1767254400)),
                new StubPost(facebook + "_10", "Only on Facebook", Instant.ofEpochSecond(1767600000))));
        JsonNode job = awaitFinished(lee, request(lee).then().statusCode(202).extract().path("id"));
        assertEquals(1, job.path("imported").asInt(), job.toString());
        assertEquals(1, job.path("duplicates").asInt());
        assertEquals(3, entries(lee, "facebook").size());
        given().contentType(ContentType.JSON).body(export).post(ExportRoute.PATH).then().statusCode(401);
    }

    @Test
    void anEntryIsPublishedToAPageOnceAndOnlyToThePagesTheUserManages() {
        DiaryClient max = DiaryClient.register("uce");
        String facebook = FacebookAccounts.connect(max);
        String entry = max.write("Sunrise over the harbour");
        String page = GraphApiStub.pageOf(facebook);
        max.request().get("/api/v1/diary/integrations/facebook/pages").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(page)).body("[0]", not(hasKey("access_token")));

        Response first = max.request().body(Map.of("entry_id", entry, "page_id", page)).post("/api/v1/diary/integrations/facebook/publish");
        first.then().statusCode(201).body("already_published", equalTo(false));
        max.request().body(Map.of("entry_id", entry, "page_id", page)).post("/api/v1/diary/integrations/facebook/publish")
                .then().statusCode(200).body("already_published", equalTo(true)).body("post_id", equalTo(first.<String>path("post_id")));
        assertEquals(1, GRAPH.feed.stream().filter(post -> post[0].equals(page)).count(), "posted once");
        assertTrue(GRAPH.feed.stream().anyMatch(post -> post[0].equals(page) && post[1].equals("Sunrise over the harbour")));

        max.request().body(Map.of("entry_id", entry, "page_id", "123456")).post("/api/v1/diary/integrations/facebook/publish")
                .then().statusCode(404);
        max.request().body(Map.of("entry_id", entry, "page_id", "not-a-page")).post("/api/v1/diary/integrations/facebook/publish")
                .then().statusCode(400).body("code", equalTo("invalid_page_id"));
        DiaryClient other = DiaryClient.register("uce");
        FacebookAccounts.connect(other);
        other.request().body(Map.of("entry_id", entry, "page_id", page)).post("/api/v1/diary/integrations/facebook/publish")
                .then().statusCode(404);
        DiaryClient e2e = e2eWithKey();
        String sealed = e2e.write(Map.of("ciphertext", Bytes.base64(new byte[] {1, 2, 3}), "nonce", Bytes.base64(new byte[24]),
                "content_hash", Bytes.hex(io.panzoto.crypto.ContentHash.sha256(new byte[] {1, 2, 3}))));
        e2e.request().body(Map.of("entry_id", sealed, "page_id", page)).post("/api/v1/diary/integrations/facebook/publish")
                .then().statusCode(409).body("code", equalTo("facebook_not_connected"));
        FacebookAccounts.connect(e2e);
        e2e.request().body(Map.of("entry_id", sealed, "page_id", page)).post("/api/v1/diary/integrations/facebook/publish")
                .then().statusCode(400).body("code", equalTo("message_required"));
    }

    @Test
    void importsAreTheirOwnersAloneAndGoWithADeletedUser() throws Exception {
        DiaryClient nia = DiaryClient.register("uce");
        Response imported = upload(nia, "[{\"timestamp\": 1767254400, \"data\": [{\"post\": \"mine\"}]}]");
        imported.then().statusCode(201);
        String jobId = imported.path("id");
        DiaryClient omar = DiaryClient.register("uce");
        omar.request().get("/api/v1/diary/imports/" + jobId).then().statusCode(404);
        omar.request().get("/api/v1/diary/imports").then().statusCode(200).body("imports", hasSize(0)).body("waiting", equalTo(0));
        omar.request().get("/api/v1/diary/imports/not-an-id").then().statusCode(404);
        nia.request().get("/api/v1/diary/imports/" + jobId).then().statusCode(200).body("imported", equalTo(1));
        // A waiting post altered at rest opens nothing: the user is told, and the diary itself still answers.
        execute("UPDATE external_posts SET sealed = set_byte(sealed, 60, get_byte(sealed, 60) # 1) WHERE user_id = ?", nia);
        nia.request().post("/api/v1/diary/imports/deliver").then().statusCode(409).body("code", equalTo("imports_unreadable"));
        nia.request().get("/api/v1/diary/entries").then().statusCode(200).body("entries", hasSize(0));
        request(omar).then().statusCode(409).body("code", equalTo("facebook_not_connected"));
        omar.request().body(Map.of("provider", "myspace")).post("/api/v1/diary/imports").then().statusCode(400);

        given().baseUri(TestAuthService.start()).header("Authorization", "Bearer " + nia.token()).contentType(ContentType.JSON)
                .body(Map.of("password", nia.password())).delete("/api/v1/me").then().statusCode(204);
        Eventually.until("the deleted user's imports are gone", Duration.ofSeconds(30),
                () -> count("SELECT count(*) FROM external_posts WHERE user_id = ?", nia) == 0
                        && count("SELECT count(*) FROM import_jobs WHERE user_id = ?", nia) == 0
                        && count("SELECT count(*) FROM inbox_keys WHERE user_id = ?", nia) == 0);
    }

    private static Response request(DiaryClient client) {
        return client.request().body(Map.of("provider", "facebook")).post("/api/v1/diary/imports");
    }

    private static Response upload(DiaryClient client, String export) {
        return client.request().contentType(ContentType.JSON).body(export.getBytes(StandardCharsets.UTF_8)).post(ExportRoute.PATH);
    }

    static JsonNode awaitFinished(DiaryClient client, String jobId) throws Exception {
        JsonNode[] job = new JsonNode[1];
        Eventually.until("import " + jobId + " finished", Duration.ofSeconds(90), () -> {
            job[0] = JSON.readTree(client.withTicket(null).request().get("/api/v1/diary/imports/" + jobId).then().statusCode(200).extract().asString());
            String status = job[0].path("status").asText();
            return status.equals("succeeded") || status.equals("failed");
        });
        return job[0];
    }

    /** The user's live entries of the source, newest first, every page. */
    static List<JsonNode> entries(DiaryClient client, String source) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        String cursor = null;
        do {
            var request = client.request().queryParam("source", source).queryParam("limit", 100);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = JSON.readTree(request.get("/api/v1/diary/entries").then().statusCode(200).extract().asString());
            page.path("entries").forEach(entries::add);
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return entries;
    }

    static List<StubPost> posts(String facebook, int count, String text) {
        List<StubPost> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            posts.add(new StubPost(facebook + "_" + i, text + " " + i, FIRST_POST.plusSeconds(3600L * i)));
        }
        return posts;
    }

    static DiaryClient e2eWithKey() {
        DiaryClient client = DiaryClient.register("e2e");
        try (SecretBytes secret = new SecretBytes(SecureRandoms.bytes(32))) {
            registerX25519(client, X25519.publicKey(secret));
        }
        return client;
    }

    static void registerX25519(DiaryClient client, byte[] publicKey) {
        given().baseUri(TestAuthService.start()).header("Authorization", "Bearer " + client.token()).contentType(ContentType.JSON)
                .body(Map.of("kind", "x25519", "public_key", Bytes.base64(publicKey), "password", client.password()))
                .post("/api/v1/keys").then().statusCode(201);
    }

    /** No table of the diary holds the words in clear (a dump of every bytea and text column of the user's rows). */
    private void assertNoPlaintextAtRest(DiaryClient client, String words) throws Exception {
        for (String table : List.of("external_posts", "entries", "import_jobs", "inbox_keys")) {
            try (Connection c = database.getConnection();
                 PreparedStatement read = c.prepareStatement("SELECT t::text FROM " + table + " t WHERE user_id = ?")) {
                read.setObject(1, client.userId());
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        assertFalse(rows.getString(1).contains(words), table + " holds the words in clear");
                        assertFalse(rows.getString(1).contains(Bytes.hex(words.getBytes(StandardCharsets.UTF_8))), table + " holds them as hex");
                    }
                }
            }
        }
    }

    private void execute(String sql, DiaryClient client) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setObject(1, client.userId());
            statement.executeUpdate();
        }
    }

    private long count(String sql, DiaryClient client) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement read = c.prepareStatement(sql)) {
            read.setObject(1, client.userId());
            try (ResultSet row = read.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
