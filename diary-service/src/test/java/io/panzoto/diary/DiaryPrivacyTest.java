package io.panzoto.diary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.diary.integrations.FacebookAccounts;
import io.panzoto.diary.integrations.GraphApiStub;
import io.panzoto.testing.Eventually;
import io.panzoto.testing.LogCapture;
import io.panzoto.testing.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * What the server can be made to give up: a scripted uce session writes, amends, reads and deletes
 * entries holding a marker word; then every diary table, the diary topic and the service's log are
 * searched for it. It must be in none of them.
 */
@QuarkusTest
@WithTestResource(DiaryTestResource.class)
class DiaryPrivacyTest {
    private static final List<String> TABLES = List.of("entries", "entry_events", "outbox_events", "inbox_events", "external_posts",
            "import_jobs", "inbox_keys", "integration_accounts", "published_entries", "media");

    @Inject
    DataSource database;

    @Test
    void aUceDiarysWordsAreInNoTableTopicOrLogLine() throws Exception {
        String marker = "quokka" + UUID.randomUUID().toString().replace("-", "");
        try (LogCapture log = LogCapture.start()) {
            DiaryClient user = DiaryClient.register("uce");
            String id = user.write("Dear diary, the word is " + marker);
            user.request().header("If-Match", "1").body(Map.of("content", marker + " again, amended")).put("/api/v1/diary/entries/" + id)
                    .then().statusCode(200);
            user.request().get("/api/v1/diary/entries/" + id).then().statusCode(200);
            user.request().get("/api/v1/diary/entries/" + id + "/versions/1").then().statusCode(200);
            user.request().get("/api/v1/diary/entries").then().statusCode(200);
            user.request().delete("/api/v1/diary/entries/" + id).then().statusCode(200);
            TopicReader.awaitRecord("diary.entry-changed", record -> record.value().contains(id) && record.value().contains("deleted"),
                    Duration.ofSeconds(60));

            byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
            for (String table : TABLES) {
                assertFalse(containsMarker(table, needle), marker + " found in " + table);
            }
            assertTrue(TopicReader.recordsMatching("diary.entry-changed", record -> record.value() != null && record.value().contains(marker),
                    Duration.ofSeconds(3)).isEmpty(), "the topic carries no content");
            log.assertNoneContain(List.of(marker, user.ticket(), user.token()));
        }
    }

    /**
     * Facebook posts imported while the user is away and from an uploaded export, then delivered into the
     * diary and one published to a Page: their words are in no table, topic (the import's and its .dlq)
     * or log line either.
     */
    @Test
    void importedPostsWordsAreInNoTableTopicOrLogLine() throws Exception {
        String marker = "wombat" + UUID.randomUUID().toString().replace("-", "");
        try (LogCapture log = LogCapture.start()) {
            DiaryClient user = DiaryClient.register("uce");
            String facebook = FacebookAccounts.connect(user);
            GraphApiStub graph = GraphApiStub.start();
            graph.setPosts(facebook, List.of(new GraphApiStub.StubPost(facebook + "_1", "From Facebook: " + marker, Instant.parse("2026-03-01T10:00:00Z")),
                    new GraphApiStub.StubPost(facebook + "_2", marker.repeat(2_000), Instant.parse("2026-03-02T10:00:00Z"))));
            String job = user.request().body(Map.of("provider", "facebook")).post("/api/v1/diary/imports").then().statusCode(202).extract().path("id");
            Eventually.until("the import finished", Duration.ofSeconds(60), () -> "succeeded".equals(
                    user.request().get("/api/v1/diary/imports/" + job).then().extract().path("status")));
            String export = "[{\"timestamp\": 1767254400, \"data\": [{\"post\": \"From the export: " + marker + "\"}]}]";
            user.request().body(export.getBytes(StandardCharsets.UTF_8)).post("/api/v1/diary/imports/facebook-export").then().statusCode(201);
            byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
            for (String table : TABLES) {
                assertFalse(containsMarker(table, needle), marker + " found in " + table + " while the posts wait");
            }
            String entry = user.request().get("/api/v1/diary/entries?source=facebook").then().statusCode(200).extract().path("entries[0].id");
            user.request().body(Map.of("entry_id", entry, "page_id", GraphApiStub.pageOf(facebook)))
                    .post("/api/v1/diary/integrations/facebook/publish").then().statusCode(201);
            TopicReader.awaitRecord("diary.import-requested.dlq", record -> record.value().contains(job), Duration.ofSeconds(30));

            for (String table : TABLES) {
                assertFalse(containsMarker(table, needle), marker + " found in " + table);
            }
            for (String topic : List.of("diary.import-requested", "diary.import-requested.dlq", "diary.entry-changed")) {
                assertTrue(TopicReader.recordsMatching(topic, record -> record.value() != null && record.value().contains(marker),
                        Duration.ofSeconds(2)).isEmpty(), topic + " carries no post");
            }
            log.assertNoneContain(List.of(marker, user.ticket(), user.token()));
        }
    }

    /** Every cell of every row, as stored bytes, searched for the marker. */
    private boolean containsMarker(String table, byte[] needle) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    byte[] cell = rows.getBytes(column);
                    if (cell != null && indexOf(cell, needle) >= 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
