package io.panzoto.diary.media;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A media file as its owner sees it. {@code size} is the file's (uce: plaintext); {@code stored_bytes} what counts against the quota. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MediaView(
        @JsonProperty("id") String id,
        @JsonProperty("kind") String kind,
        @JsonProperty("tier") String tier,
        @JsonProperty("status") String status,
        @JsonProperty("entry_id") String entryId,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("size") Long size,
        @JsonProperty("stored_bytes") Long storedBytes,
        @JsonProperty("thumbnail") Boolean thumbnail,
        @JsonProperty("created_at") Instant createdAt) {

    static MediaView of(Media media) {
        return new MediaView(media.id.toString(), media.kind, media.tier, media.status, media.entryId == null ? null : media.entryId.toString(),
                media.contentType, media.stored() ? media.size() : null,
                media.stored() ? media.storedBytes + (media.thumbnailBytes == null ? 0 : media.thumbnailBytes) : null,
                media.uce() ? media.thumbnailKey != null : null, media.createdAt);
    }
}
