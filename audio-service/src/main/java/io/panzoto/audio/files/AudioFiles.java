package io.panzoto.audio.files;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.audio.events.AudioUploaded;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.platform.outbox.OutboxRelay;
import io.panzoto.storage.ObjectStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The rules for audio file records: a user registers only keys under their own prefix, for objects
 * that exist with the declared size; every lookup is scoped to the caller, so another user's file is
 * simply not found.
 */
@ApplicationScoped
public class AudioFiles {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final int MAX_KEY_LENGTH = 1024;

    private static final String PAGE = """
            SELECT id, s3_key, file_size, format, created_at FROM audio_files
            WHERE user_id = $1 AND ($2::uuid IS NULL
                  OR (created_at, id) < (SELECT created_at, id FROM audio_files WHERE id = $2 AND user_id = $1))
            ORDER BY created_at DESC, id DESC LIMIT $3""";
    private static final String OWNED = "SELECT 1 FROM audio_files WHERE id = $1 AND user_id = $2";

    private final ObjectStore store;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final Pool database;

    public AudioFiles(ObjectStore store, Outbox outbox, OutboxRelay relay, Pool database) {
        this.store = store;
        this.outbox = outbox;
        this.relay = relay;
        this.database = database;
    }

    /** What clients see of a record. */
    public record View(@JsonProperty("id") String id, @JsonProperty("user_id") String userId, @JsonProperty("s3_key") String s3Key,
                       @JsonProperty("file_size") long fileSize, @JsonProperty("format") RecordingFormat format,
                       @JsonProperty("created_at") Instant createdAt) {
        public static View of(AudioFile file) {
            return new View(file.id.toString(), file.userId.toString(), file.s3Key, file.fileSize, file.format, file.createdAt);
        }

        static View of(Row row, UUID userId) {
            return new View(row.getUUID("id").toString(), userId.toString(), row.getString("s3_key"), row.getLong("file_size"),
                    RecordingFormat.declared(row.getString("format")), row.getOffsetDateTime("created_at").toInstant());
        }

        /** The Android app's name for the id (seeds 000/001): the contract, kept beside ours. */
        @JsonProperty("file_id")
        public String fileId() {
            return id;
        }

        /** The Android app's name for the time of registration (seeds 000/001). */
        @JsonProperty("uploaded_at")
        public Instant uploadedAt() {
            return createdAt;
        }
    }

    /** A page, newest first, and the cursor to the next one if there may be more. */
    public record Page(@JsonProperty("audio_files") List<View> files, @JsonProperty("next_cursor") String nextCursor) {
    }

    /**
     * Registers a recording the client put in place (streamed, or by a presigned URL) and announces it.
     * Only {@code s3_key} is required (seeds 000/001; the resource checks it is there); the size is read from S3 when the client sends
     * none, and must match when it does. S3 is asked before the transaction opens, so no connection
     * waits on it.
     */
    public Uni<View> register(UUID userId, String s3Key, Long fileSize, RecordingFormat format) {
        return register(userId, s3Key, fileSize, format, file -> Uni.createFrom().nullItem()).map(Registered::file);
    }

    /** A registered file and what the caller's hook made of it in the same transaction (or null). */
    public record Registered<T>(View file, T made) {
    }

    /**
     * {@link #register(UUID, String, Long, RecordingFormat)}, running {@code alsoMake} with the new record
     * inside the registration's transaction (a job its upload asked for is queued with it, or not at all).
     */
    public <T> Uni<Registered<T>> register(UUID userId, String s3Key, Long fileSize, RecordingFormat format,
                                           Function<AudioFile, Uni<T>> alsoMake) {
        if (fileSize != null && fileSize < 0) {
            throw ApiException.badRequest("invalid_file_size", "file_size must not be negative");
        }
        requireOwnKey(userId, s3Key);
        return store.size(s3Key).chain(size -> {
            if (size.isEmpty()) {
                throw ApiException.badRequest("object_missing", "no object at s3_key; upload it first");
            }
            if (fileSize != null && size.get().longValue() != fileSize) {
                throw ApiException.badRequest("size_mismatch", "the object is " + size.get() + " bytes, not " + fileSize);
            }
            long storedSize = size.get().longValue();
            return Panache.withTransaction(() -> AudioFile.registered(userId, s3Key).chain(existing -> {
                if (existing) {
                    throw ApiException.conflict("duplicate_s3_key", "this recording is already registered");
                }
                AudioFile file = new AudioFile();
                file.id = UUID.randomUUID();
                file.userId = userId;
                file.s3Key = s3Key;
                file.fileSize = storedSize;
                file.format = format;
                file.createdAt = Instant.now();
                return file.<AudioFile>persist().chain(saved -> alsoMake.apply(saved)
                        .call(made -> outbox.append(AudioUploaded.TOPIC, AudioUploaded.TOPIC, 1, saved.id.toString(),
                                new AudioUploaded(saved.id.toString(), userId.toString(), s3Key, storedSize, format.value())))
                        .map(made -> new Registered<>(View.of(saved), made)));
            })).invoke(relay::publishSoon);
        });
    }

    /** A key of the user's own that no record holds yet: 409 for one already registered. */
    public Uni<Void> requireFreeOwnKey(UUID userId, String s3Key) {
        requireOwnKey(userId, s3Key);
        return Panache.withSession(() -> AudioFile.registered(userId, s3Key)).invoke(registered -> {
            if (registered) {
                throw ApiException.conflict("duplicate_s3_key", "this recording is already registered");
            }
        }).replaceWithVoid();
    }

    /**
     * A key the user may write: under one of their own prefixes (either layout), a sane length, no path
     * tricks or control characters. Another user's prefix is refused.
     */
    public static void requireOwnKey(UUID userId, String s3Key) {
        String prefix = AudioFile.prefixesOf(userId).stream().filter(s3Key::startsWith).findFirst().orElse(null);
        if (prefix == null || s3Key.length() > MAX_KEY_LENGTH || s3Key.contains("..") || s3Key.contains("//")
                || s3Key.length() == prefix.length() || s3Key.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_s3_key", "s3_key must name an object under "
                    + String.join(" or ", AudioFile.prefixesOf(userId)));
        }
    }


    /** The caller's file by id or, as the Android app sends it, by key; 404 when it is not the caller's. */
    /** 400 unless the request names a file by id or key. */
    public static void requireReference(String id, String s3Key) {
        if ((id == null || id.isBlank()) && (s3Key == null || s3Key.isBlank())) {
            throw ApiException.badRequest("missing_fields", "file_id or s3_key is required");
        }
    }

    @WithSession
    public Uni<AudioFile> owned(UUID userId, String id, String s3Key) {
        requireReference(id, s3Key);
        return id != null && !id.isBlank() ? find(userId, id)
                : AudioFile.ofUserAtKey(userId, s3Key).onItem().ifNull().failWith(() -> ApiException.notFound("no such audio file"));
    }

    /**
     * The caller's files, newest first, after the cursor (the id of the last file of the previous page).
     * The hot read of the Android app: one statement on the SQL client, rows straight to views (no entity
     * session); a cursor that is not one of the caller's files is 400, told apart only when a page is empty.
     */
    public Uni<Page> list(UUID userId, Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        UUID after = cursor == null || cursor.isBlank() ? null : cursorId(cursor);
        return database.preparedQuery(PAGE).execute(Tuple.of(userId, after, size)).chain(rows -> {
            List<View> views = new ArrayList<>(rows.size());
            rows.forEach(row -> views.add(View.of(row, userId)));
            if (views.isEmpty() && after != null) {
                return database.preparedQuery(OWNED).execute(Tuple.of(after, userId)).map(owned -> {
                    if (owned.size() == 0) {
                        throw invalidCursor();
                    }
                    return new Page(views, null);
                });
            }
            return Uni.createFrom().item(new Page(views, views.size() == size ? views.get(size - 1).id() : null));
        });
    }

    private static UUID cursorId(String cursor) {
        try {
            return UUID.fromString(cursor.trim());
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    private static ApiException invalidCursor() {
        return ApiException.badRequest("invalid_cursor", "cursor is not one this list gave");
    }

    @WithSession
    public Uni<View> get(UUID userId, String id) {
        return find(userId, id).map(View::of);
    }

    /**
     * Deletes the object, then the record (its jobs and transcripts go with it); a second delete is 404.
     * Sessions are opened around the reads and the write only, so no connection waits on S3.
     */
    public Uni<Void> delete(UUID userId, String id) {
        return Panache.withSession(() -> find(userId, id))
                .call(file -> store.delete(file.s3Key))
                .chain(file -> Panache.withTransaction(() -> AudioFile.deleteOfUser(userId, file.id)))
                .replaceWithVoid();
    }

    static Uni<AudioFile> find(UUID userId, String id) {
        UUID fileId;
        try {
            fileId = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().failure(ApiException.notFound("no such audio file"));
        }
        return AudioFile.ofUser(userId, fileId).onItem().ifNull().failWith(() -> ApiException.notFound("no such audio file"));
    }
}
