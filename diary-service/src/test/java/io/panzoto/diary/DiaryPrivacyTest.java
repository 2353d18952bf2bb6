package io.panzoto.diary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private static final List<String> TABLES = List.of("entries", "entry_events", "outbox_events", "inbox_events");

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
