package io.panzoto.diary.entries;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.crypto.Bytes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The request and answer bodies of the entry routes; content redacts itself in toString. */
public final class EntryRequests {
    private EntryRequests() {
    }

    /**
     * An entry as a client writes it: {@code content} (uce: plaintext over TLS, sealed here), or
     * {@code ciphertext}, {@code nonce} and {@code content_hash} (e2e: the client's encryption, the hash
     * hex SHA-256 of the ciphertext, checked here). {@code version} is the one an update replaces
     * (or {@code If-Match}).
     */
    public record EntryInput(@JsonProperty("content") String content,
                             @JsonProperty("ciphertext") String ciphertext,
                             @JsonProperty("nonce") String nonce,
                             @JsonProperty("content_hash") String contentHash,
                             @JsonProperty("entry_date") LocalDate entryDate,
                             @JsonProperty("source") String source,
                             @JsonProperty("version") Integer version,
                             @JsonProperty("search_tokens") List<String> searchTokens) {
        @Override
        public String toString() {
            return "EntryInput[redacted]";
        }
    }

    /** An entry as its owner reads it: {@code content} for uce, the ciphertext and nonce for e2e. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EntryView(@JsonProperty("id") String id,
                            @JsonProperty("version") int version,
                            @JsonProperty("tier") String tier,
                            @JsonProperty("entry_date") LocalDate entryDate,
                            @JsonProperty("source") String source,
                            @JsonProperty("content") String content,
                            @JsonProperty("ciphertext") String ciphertext,
                            @JsonProperty("nonce") String nonce,
                            @JsonProperty("content_hash") String contentHash,
                            @JsonProperty("tags") List<String> tags,
                            @JsonProperty("created_at") Instant createdAt,
                            @JsonProperty("updated_at") Instant updatedAt,
                            @JsonProperty("deleted_at") Instant deletedAt,
                            @JsonProperty("matched_terms") Integer matchedTerms,
                            @JsonProperty("format") String format) {
        static EntryView of(Entry entry, String plaintext, List<String> tags) {
            boolean e2e = "e2e".equals(entry.tier);
            // Only an import sealed to the user's X25519 key says so: the client opens it with crypto_box_seal_open.
            String format = Entry.FORMAT_SEALED_BOX.equals(entry.bodyFormat) ? entry.bodyFormat : null;
            return new EntryView(entry.id.toString(), entry.version, entry.tier, entry.entryDate, entry.source, plaintext,
                    e2e ? Bytes.base64(entry.body) : null, e2e && entry.nonce != null ? Bytes.base64(entry.nonce) : null,
                    Bytes.hex(entry.contentHash), tags, entry.createdAt, entry.updatedAt, entry.deletedAt, null, format);
        }

        /** The same as a search result: how many of the query's terms the entry holds. */
        EntryView withMatchedTerms(int matched) {
            return new EntryView(id, version, tier, entryDate, source, content, ciphertext, nonce, contentHash, tags, createdAt,
                    updatedAt, deletedAt, matched, format);
        }

        @Override
        public String toString() {
            return "EntryView[" + id + " v" + version + "]";
        }
    }

    /** A page of entries; {@code next_cursor} is null on the last page. */
    public record EntryPage(@JsonProperty("entries") List<EntryView> entries, @JsonProperty("next_cursor") String nextCursor) {
    }

    /** Search results, most matched terms first, then newest; {@code next_offset} is null on the last page. */
    public record SearchPage(@JsonProperty("entries") List<EntryView> entries, @JsonProperty("next_offset") Integer nextOffset) {
    }

    /** One change in an entry's history. */
    public record VersionView(@JsonProperty("version") int version, @JsonProperty("change") String change,
                              @JsonProperty("content_hash") String contentHash, @JsonProperty("occurred_at") Instant occurredAt) {
        static VersionView of(EntryEvent event) {
            return new VersionView(event.version, event.change, Bytes.hex(event.contentHash), event.occurredAt);
        }
    }

    /** The history and whether it holds; {@code first_broken_version} names where it does not. */
    public record Verification(@JsonProperty("verified") boolean verified, @JsonProperty("versions") int versions,
                               @JsonProperty("first_broken_version") Integer firstBrokenVersion) {
    }
}
