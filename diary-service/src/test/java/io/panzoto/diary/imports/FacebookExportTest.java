package io.panzoto.diary.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The export's shape as Facebook writes it (escaped UTF-8 bytes, attachments, items without a post). */
class FacebookExportTest {
    private static final String EXPORT = """
            [
              {"timestamp": 1700000000, "data": [{"post": "Caf\\u00c3\\u00a9 by the river \\u00f0\\u009f\\u0098\\u008a"}], "title": "Ann updated her status."},
              {"timestamp": 1700003600, "attachments": [{"data": [{"external_context": {"url": "https://example.org/a"}}]}], "data": []},
              {"timestamp": 1700007200, "data": [{"update_timestamp": 1700007200}]},
              {"timestamp": 1700010800, "data": [{"post": "plain ASCII"}, {"post": "second part"}]}
            ]
            """;

    @Test
    void readsEveryPostWithTextOrLinksAndUndoesTheExportsEncoding() throws IOException {
        List<ImportedPost> posts = read(EXPORT);
        assertEquals(3, posts.size(), "the item with neither text nor link is skipped");
        assertEquals("Café by the river 😊", posts.get(0).text());
        assertEquals(Instant.ofEpochSecond(1700000000), posts.get(0).postedAt());
        assertEquals(List.of("https://example.org/a"), posts.get(1).links());
        assertEquals("plain ASCII\n\nsecond part", posts.get(2).text());
    }

    @Test
    void anExportedPostCarriesNoIdMadeFromItsText() throws IOException {
        // An unkeyed hash of the text would be a guessable fingerprint at rest; the store keys its own.
        assertTrue(read(EXPORT).stream().allMatch(post -> post.externalId() == null));
    }

    @Test
    void somethingThatIsNotAPostsExportIsRefused() {
        assertThrows(IOException.class, () -> read("{\"posts\": []}"));
        assertThrows(IOException.class, () -> read("[{\"timestamp\": 1, \"data\": [ "));
    }

    private static List<ImportedPost> read(String json) throws IOException {
        List<ImportedPost> posts = new ArrayList<>();
        FacebookExport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), posts::add);
        return posts;
    }
}
