package io.panzoto.diary.tags;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.crypto.Bytes;
import java.time.Instant;

/** Tag bodies: uce tags are named in clear over TLS; e2e tags carry the client's token and ciphertext. */
public final class TagRequests {
    private TagRequests() {
    }

    /** uce: {@code name}; e2e: {@code token} (the client's blind token) and {@code name_ciphertext}, {@code nonce}. */
    public record TagInput(@JsonProperty("name") String name, @JsonProperty("token") String token,
                           @JsonProperty("name_ciphertext") String nameCiphertext, @JsonProperty("nonce") String nonce) {
        @Override
        public String toString() {
            return "TagInput[redacted]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TagView(@JsonProperty("id") String id, @JsonProperty("kind") String kind, @JsonProperty("name") String name,
                          @JsonProperty("token") String token, @JsonProperty("name_ciphertext") String nameCiphertext,
                          @JsonProperty("nonce") String nonce, @JsonProperty("created_at") Instant createdAt) {
        /** For uce the opened name (and no token: it is the server's); for e2e what the client stored. */
        static TagView of(Tag tag, String openedName) {
            boolean e2e = openedName == null;
            return new TagView(tag.id.toString(), tag.kind, openedName, e2e ? tag.token : null, e2e ? Bytes.base64(tag.name) : null,
                    e2e && tag.nonce != null ? Bytes.base64(tag.nonce) : null, tag.createdAt);
        }

        @Override
        public String toString() {
            return "TagView[" + id + "]";
        }
    }
}
