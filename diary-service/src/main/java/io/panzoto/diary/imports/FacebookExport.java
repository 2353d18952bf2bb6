package io.panzoto.diary.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Posts from Facebook's "Download Your Information" export in JSON ({@code your_posts_1.json}: an array
 * of {@code {timestamp, data: [{post}], title?, attachments?}}), read as a stream one post at a time
 * (an export runs to hundreds of megabytes). Facebook writes non-ASCII text as each UTF-8 byte escaped as
 * a Latin-1 character ("caf\u00c3\u00a9"), which is undone here. Posts have no id in the export: the
 * import finds a post again by a keyed hash of its time and text.
 */
public final class FacebookExport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FacebookExport() {
    }

    /** Calls {@code each} for every post with text or links, in file order; an entry without either is skipped. */
    public static int read(InputStream json, Consumer<ImportedPost> each) throws IOException {
        int count = 0;
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("a Facebook posts export is a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode item = MAPPER.readTree(parser);
                ImportedPost post = post(item);
                if (post != null) {
                    each.accept(post);
                    count++;
                }
            }
        }
        return count;
    }

    static ImportedPost post(JsonNode item) {
        long timestamp = item.path("timestamp").asLong(0);
        if (timestamp == 0) {
            return null; // not a post: the export's items all carry one
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode data : item.path("data")) {
            String post = data.path("post").asText("");
            if (!post.isEmpty()) {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(fixEncoding(post));
            }
        }
        List<String> links = new ArrayList<>();
        for (JsonNode attachment : item.path("attachments")) {
            for (JsonNode data : attachment.path("data")) {
                String url = data.path("external_context").path("url").asText("");
                if (!url.isEmpty()) {
                    links.add(url);
                }
            }
        }
        if (text.isEmpty() && links.isEmpty()) {
            return null;
        }
        // No id in the export, and none made here: an unkeyed hash of the text would let a database dump
        // test guesses of it. The store names the post by its keyed hash (IntegrationSecrets.postMac).
        // A time no Instant holds is kept as none: the store refuses the post (post_without_time), the rest go on.
        Instant postedAt = Math.abs(timestamp) < 31_556_889_864_403_199L ? Instant.ofEpochSecond(timestamp) : null;
        return new ImportedPost(null, postedAt, text.toString(), List.copyOf(links));
    }

    /** Undoes the export's encoding: a string whose every char is ≤ 0xFF is its UTF-8 bytes, if they decode as UTF-8. */
    static String fixEncoding(String text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                return text; // already real text
            }
            bytes[i] = (byte) c;
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return text;
        }
    }
}
