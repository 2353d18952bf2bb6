package io.panzoto.diary.imports;

import java.time.Instant;
import java.util.List;

/**
 * One post read from a provider (Graph's {@code /me/posts} or a "Download Your Information" export): its
 * id there, when it was posted, its text and its links. Plaintext: it lives in memory only while it is
 * sealed.
 */
public record ImportedPost(String externalId, Instant postedAt, String text, List<String> links) {
    /** The entry's text: the post, then any link it shared that the text does not already hold. */
    String content() {
        StringBuilder content = new StringBuilder(text == null ? "" : text);
        for (String link : links) {
            if (!content.toString().contains(link)) {
                content.append(content.isEmpty() ? "" : "\n\n").append(link);
            }
        }
        return content.toString();
    }

    @Override
    public String toString() {
        return "ImportedPost[" + externalId + ", text redacted]";
    }
}
