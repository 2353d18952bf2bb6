package io.panzoto.diary.media;

import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.diary.entries.Entry;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.storage.ObjectStore;
import io.panzoto.storage.PresignedGet;
import io.panzoto.storage.PresignedPut;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Media of the diary: what an upload may be and write, its registration once stored, reads with
 * ownership checked (another user's file is 404, as one that does not exist), deletion and the
 * presigned flow of e2e clients. Object bytes move in MediaRoutes; this class holds no file in memory.
 */
@ApplicationScoped
public class MediaService {
    static final Set<String> KINDS = Set.of("photo", "audio", "video");
    private static final java.util.regex.Pattern MEDIA_TYPE = java.util.regex.Pattern.compile("[a-z]+/[a-z0-9][a-z0-9!#$&^_.+-]*");
    private static final Map<String, String> TYPE_PREFIX = Map.of("photo", "image/", "audio", "audio/", "video", "video/");

    private final DataKeyTickets tickets;
    private final MediaQuota quota;
    private final ObjectStore objects;
    private final DiaryConfig.Media config;

    public MediaService(DataKeyTickets tickets, MediaQuota quota, ObjectStore objects, DiaryConfig config) {
        this.tickets = tickets;
        this.quota = quota;
        this.objects = objects;
        this.config = config.media();
    }

    /** An upload about to stream: where it goes and, for uce, the fresh file key (the caller closes it) and its wrap. */
    record Upload(Media row, SecretBytes fileKey, long allowance) implements AutoCloseable {
        @Override
        public void close() {
            if (fileKey != null) {
                fileKey.close();
            }
        }

        @Override
        public String toString() {
            return "Upload[" + row.id + "]";
        }
    }

    /**
     * Checks what the upload claims (kind; for uce a content type of that kind and the ticket; the
     * entry, the caller's own) and how much it may write; 413 before a byte is read when a declared
     * length cannot fit.
     */
    Uni<Upload> prepare(Asker asker, String kind, String entryId, String contentType, Long declaredBytes) {
        String media = kind(kind);
        String type = asker.uce() ? contentType(media, contentType) : null;
        UUID entry = entryId == null || entryId.isBlank() ? null : parse(entryId, "no such entry");
        Media row = newRow(asker, media, type, entry);
        Long declaredStored = declaredBytes == null ? null : asker.uce() ? MediaSealing.sealedSize(declaredBytes, config.chunkBytes()) : declaredBytes;
        return Panache.withSession(() -> requireEntry(asker.userId(), entry).chain(() -> quota.allowance(asker.userId(), asker.tier(), declaredStored)))
                .map(allowance -> {
                    if (!asker.uce()) {
                        return new Upload(row, null, allowance);
                    }
                    try (SecretBytes dataKey = tickets.open(asker)) {
                        SecretBytes fileKey = MediaSealing.newFileKey();
                        row.wrappedKey = MediaSealing.wrap(fileKey, dataKey, asker.userId(), row.id);
                        row.chunkBytes = config.chunkBytes();
                        return new Upload(row, fileKey, allowance);
                    }
                });
    }

    /** Registers a streamed upload once its bytes are in S3: 413 if concurrent uploads took the room meanwhile. */
    Uni<MediaView> register(Upload upload, long storedBytes, Long plaintextBytes, String thumbnailKey, Long thumbnailBytes) {
        Media row = upload.row();
        row.status = Media.STORED;
        row.storedBytes = storedBytes;
        row.plaintextBytes = plaintextBytes;
        row.thumbnailKey = thumbnailKey;
        row.thumbnailBytes = thumbnailBytes;
        long adding = storedBytes + (thumbnailBytes == null ? 0 : thumbnailBytes);
        return Panache.withTransaction(() -> quota.admit(row.userId, row.tier, adding).chain(() -> requireEntry(row.userId, row.entryId))
                .chain(() -> row.<Media>persist())).map(MediaView::of);
    }

    /** Removes what a refused or failed upload left in S3. */
    Uni<Void> discard(Media row) {
        Uni<Void> original = objects.delete(row.s3Key);
        return row.thumbnailKey == null ? original : original.chain(() -> objects.delete(row.thumbnailKey));
    }

    Uni<List<MediaView>> list(Asker asker, String entryId) {
        UUID entry = entryId == null || entryId.isBlank() ? null : parse(entryId, "no such entry");
        return Panache.withSession(() -> Media.storedOf(asker.userId(), entry)).map(rows -> rows.stream().map(MediaView::of).toList());
    }

    Uni<MediaView> get(Asker asker, String id) {
        return Panache.withSession(() -> owned(asker, id)).map(MediaView::of);
    }

    /** A stored file to read, and for uce its file key (unwrapped with the ticket's data key; the caller closes it). */
    record Download(Media row, SecretBytes fileKey) implements AutoCloseable {
        @Override
        public void close() {
            if (fileKey != null) {
                fileKey.close();
            }
        }
    }

    Uni<Download> download(Asker asker, String id) {
        return Panache.withSession(() -> owned(asker, id)).map(row -> {
            if (!row.stored()) {
                throw ApiException.notFound("no such media");
            }
            if (!row.uce()) {
                return new Download(row, null);
            }
            if (!asker.uce()) {
                throw ApiException.notFound("no such media");
            }
            try (SecretBytes dataKey = tickets.open(asker)) {
                return new Download(row, MediaSealing.unwrap(row.wrappedKey, dataKey, row.userId, row.id));
            } catch (CryptoException e) {
                throw ApiException.conflict("media_key_unusable", "this file's key does not open with the account's data key");
            }
        });
    }

    /** Deletes the file (and thumbnail) from S3, then its row: its bytes no longer count. */
    Uni<Void> delete(Asker asker, String id) {
        return Panache.withSession(() -> owned(asker, id)).chain(row -> discard(row)
                .chain(() -> Panache.withTransaction(() -> Media.delete("id = ?1 and userId = ?2", row.id, row.userId)))).replaceWithVoid();
    }

    /** e2e: reserves {@code size} bytes and answers a URL to PUT exactly them; {@code complete} registers it. */
    Uni<PresignedUpload> presignUpload(Asker asker, String kind, Long size, String entryId) {
        if (asker.uce()) {
            throw ApiException.conflict("wrong_tier", "uce media are sealed by the service: stream them to POST /api/v1/diary/media");
        }
        if (size == null || size <= 0) {
            throw ApiException.badRequest("missing_fields", "size (bytes, > 0) is required");
        }
        String media = kind(kind);
        UUID entry = entryId == null || entryId.isBlank() ? null : parse(entryId, "no such entry");
        Media row = newRow(asker, media, null, entry);
        row.reservedBytes = size;
        row.expiresAt = Instant.now().plus(config.presignedUrlLife()).truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> requireEntry(asker.userId(), entry).chain(() -> quota.admit(asker.userId(), asker.tier(), size))
                        .chain(() -> row.<Media>persist()))
                .map(saved -> new PresignedUpload(MediaView.of(saved), objects.presignPut(saved.s3Key, size, config.presignedUrlLife())));
    }

    record PresignedUpload(@com.fasterxml.jackson.annotation.JsonProperty("media") MediaView media,
                           @com.fasterxml.jackson.annotation.JsonProperty("upload") PresignedPut upload) {
    }

    /** e2e: the object a presigned PUT wrote becomes the stored file, if it is there with the reserved size. */
    Uni<MediaView> complete(Asker asker, String id) {
        return Panache.withSession(() -> owned(asker, id)).chain(row -> {
            if (row.stored()) {
                return Uni.createFrom().item(MediaView.of(row));
            }
            return objects.size(row.s3Key).chain(size -> {
                if (size.isEmpty()) {
                    throw ApiException.conflict("upload_missing", "nothing was uploaded to the URL yet");
                }
                if (size.get() != row.reservedBytes) {
                    throw ApiException.conflict("upload_size_mismatch", "the upload is " + size.get() + " bytes, not the " + row.reservedBytes + " reserved");
                }
                // An expired reservation no longer counts: its bytes must fit again.
                long adding = row.expiresAt != null && row.expiresAt.isBefore(Instant.now()) ? size.get() : 0;
                Uni<Media> stored = Panache.withTransaction(() -> quota.admit(row.userId, row.tier, adding).chain(() -> Media.<Media>findById(row.id)).invoke(found -> {
                    found.status = Media.STORED;
                    found.storedBytes = size.get();
                    found.reservedBytes = 0;
                    found.expiresAt = null;
                }));
                return stored.map(MediaView::of);
            });
        });
    }

    /** e2e: a URL to GET the stored blob straight from S3. */
    Uni<PresignedGet> presignDownload(Asker asker, String id) {
        return Panache.withSession(() -> owned(asker, id)).map(row -> {
            if (row.uce()) {
                throw ApiException.conflict("wrong_tier", "uce media are opened by the service: GET /api/v1/diary/media/{id}/content");
            }
            if (!row.stored()) {
                throw ApiException.notFound("no such media");
            }
            return objects.presignGet(row.s3Key, config.presignedUrlLife());
        });
    }

    /**
     * Media whose entry leaves the trash for good (before the entries are purged, while the link still
     * stands), and uploads reserved by presigned URLs that expired an hour ago without completing:
     * their objects, then their rows. Answers how many went.
     */
    public Uni<Integer> purge(Instant entriesDeletedBefore) {
        Instant abandoned = Instant.now().minus(java.time.Duration.ofHours(1));
        return Panache.withSession(() -> Media.<Media>find("(status = ?1 and expiresAt < ?2)"
                        + " or entryId in (select e.id from Entry e where e.deletedAt < ?3)", Media.UPLOADING, abandoned, entriesDeletedBefore).list())
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Media row : rows) {
                        all = all.chain(() -> discard(row)).chain(() -> Panache.withTransaction(() -> Media.delete("id", row.id))).replaceWithVoid();
                    }
                    return all.replaceWith(rows.size());
                });
    }

    /** Everything of a deleted user: the objects under their prefix, then the rows. */
    public Uni<Integer> deleteAllOf(UUID userId) {
        return objects.deletePrefix(prefix(userId)).call(() -> Media.delete("userId", userId));
    }

    static String prefix(UUID userId) {
        return "diary/" + userId + "/";
    }

    private Uni<Media> owned(Asker asker, String id) {
        UUID mediaId = parse(id, "no such media");
        return Media.ownedBy(asker.userId(), mediaId).onItem().ifNull().failWith(() -> ApiException.notFound("no such media"));
    }

    private static Media newRow(Asker asker, String kind, String contentType, UUID entryId) {
        Media row = new Media();
        row.id = UUID.randomUUID();
        row.userId = asker.userId();
        row.tier = asker.uce() ? "uce" : "e2e";
        row.kind = kind;
        row.contentType = contentType;
        row.entryId = entryId;
        row.s3Key = prefix(asker.userId()) + row.id;
        row.status = Media.UPLOADING;
        row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return row;
    }

    private static Uni<Void> requireEntry(UUID userId, UUID entryId) {
        if (entryId == null) {
            return Uni.createFrom().voidItem();
        }
        return Entry.ofUser(userId, entryId).invoke(entry -> {
            if (entry == null || entry.deletedAt != null) {
                throw ApiException.notFound("no such entry");
            }
        }).replaceWithVoid();
    }

    private static String kind(String kind) {
        String normal = kind == null ? null : kind.trim().toLowerCase(Locale.ROOT);
        if (normal == null || !KINDS.contains(normal)) {
            throw ApiException.badRequest("invalid_kind", "kind must be photo, audio or video");
        }
        return normal;
    }

    private static String contentType(String kind, String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        // A media type token (RFC 6838): it is sent back as the download's Content-Type, so nothing else passes.
        if (!type.startsWith(TYPE_PREFIX.get(kind)) || type.length() > 100 || !MEDIA_TYPE.matcher(type).matches()) {
            throw ApiException.badRequest("invalid_content_type", "a " + kind + " is sent as " + TYPE_PREFIX.get(kind) + "*");
        }
        return type;
    }

    private static UUID parse(String id, String notFound) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(notFound);
        }
    }
}
