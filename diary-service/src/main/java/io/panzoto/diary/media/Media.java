package io.panzoto.diary.media;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One photo, recording or video of a user's diary (V3__create_media.sql). */
@Entity
@Table(name = "media")
public class Media extends PanacheEntityBase {
    static final String UPLOADING = "uploading";
    static final String STORED = "stored";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "entry_id")
    public UUID entryId;

    @Column(nullable = false)
    public String tier;

    @Column(nullable = false)
    public String kind;

    @Column(name = "content_type")
    public String contentType;

    @Column(name = "s3_key", nullable = false)
    public String s3Key;

    @Column(nullable = false)
    public String status;

    @Column(name = "reserved_bytes", nullable = false)
    public long reservedBytes;

    @Column(name = "stored_bytes")
    public Long storedBytes;

    @Column(name = "plaintext_bytes")
    public Long plaintextBytes;

    @Column(name = "wrapped_key")
    public byte[] wrappedKey;

    @Column(name = "chunk_bytes")
    public Integer chunkBytes;

    @Column(name = "thumbnail_key")
    public String thumbnailKey;

    @Column(name = "thumbnail_bytes")
    public Long thumbnailBytes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    boolean uce() {
        return "uce".equals(tier);
    }

    boolean stored() {
        return STORED.equals(status);
    }

    /** What the file is as its owner sees it: the plaintext size for uce, the stored blob's for e2e. */
    long size() {
        return plaintextBytes != null ? plaintextBytes : storedBytes == null ? 0 : storedBytes;
    }

    static Uni<Media> ownedBy(UUID userId, UUID id) {
        return Media.<Media>find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    static Uni<List<Media>> storedOf(UUID userId, UUID entryId) {
        return entryId == null
                ? Media.<Media>find("userId = ?1 and status = ?2 order by createdAt desc, id desc", userId, STORED).list()
                : Media.<Media>find("userId = ?1 and entryId = ?2 and status = ?3 order by createdAt desc, id desc", userId, entryId, STORED).list();
    }

    static Uni<List<Media>> allOf(UUID userId) {
        return Media.<Media>find("userId", userId).list();
    }

    @Override
    public String toString() {
        return "Media[" + id + ", " + tier + ", " + status + "]";
    }
}
