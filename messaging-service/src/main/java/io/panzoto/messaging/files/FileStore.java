package io.panzoto.messaging.files;

import io.panzoto.messaging.events.SessionActivity;
import io.panzoto.messaging.sessions.SessionSql;
import io.panzoto.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The rows of SecureSession's files, on the reactive SQL client. Every statement names the caller and
 * finds a file only through a live session the caller takes part in. Nothing here checks input.
 */
@ApplicationScoped
public class FileStore {
    /** The session, if it lives and the user takes part in it. */
    private static final String LIVE_SESSION = SessionSql.liveSessionOf("$1", "$2");
    private static final String USED = "SELECT coalesce(sum(size_bytes), 0) AS used FROM secure_session_files WHERE uploader_id = $1";
    /** Serialises one user's registrations, so that two uploads finishing at once cannot both pass the quota. */
    private static final String LOCK_USER = "SELECT pg_advisory_xact_lock(hashtextextended($1::text, 7))";
    private static final String REGISTER = """
            WITH session AS (""" + SessionSql.liveSessionOf("$2", "$3") + """
            ),
            used AS (SELECT coalesce(sum(size_bytes), 0) AS bytes FROM secure_session_files WHERE uploader_id = $3),
            stored AS (
                INSERT INTO secure_session_files (id, session_id, uploader_id, s3_key, size_bytes, metadata, max_downloads, created_at)
                SELECT $1, session.id, $3, $4, $5::bigint, $6::bytea, $7::integer, $8::timestamptz FROM session, used
                WHERE used.bytes + $5::bigint <= $9::bigint
                RETURNING id),
            event AS (
                """ + Outbox.INSERT_INTO + """
                SELECT $10, $11, $2::text, $12, $13, $8 FROM stored)
            SELECT EXISTS (SELECT 1 FROM session) AS visible, EXISTS (SELECT 1 FROM stored) AS stored""";
    private static final String COLUMNS = "f.id, f.session_id, f.uploader_id, f.size_bytes, f.metadata, f.max_downloads, f.download_count, f.created_at";
    private static final String VISIBLE_FILE = " FROM secure_session_files f JOIN secure_sessions s ON s.id = f.session_id"
            + " WHERE s.expires_at > now()"
            + " AND EXISTS (SELECT 1 FROM secure_session_participants p WHERE p.session_id = s.id AND p.user_id = $2)";
    private static final String LIST = "SELECT " + COLUMNS + VISIBLE_FILE.replace("$2", "$1") + " AND f.session_id = $2 ORDER BY f.created_at, f.id";
    /**
     * Counts a download against the file's limit and answers where it is: nothing when the caller cannot
     * see the file or its downloads are spent.
     */
    private static final String TAKE_DOWNLOAD = "UPDATE secure_session_files d SET download_count = d.download_count + 1"
            + " WHERE d.id = $1 AND (d.max_downloads IS NULL OR d.download_count < d.max_downloads)"
            + " AND EXISTS (SELECT 1" + VISIBLE_FILE + " AND f.id = d.id)"
            + " RETURNING d.s3_key, d.size_bytes, d.max_downloads, d.download_count";
    private static final String ONE = "SELECT " + COLUMNS + " FROM secure_session_files f WHERE f.id = $1 AND f.session_id = $2";
    private static final String FORGET = "DELETE FROM secure_session_files WHERE id = $1 RETURNING s3_key";
    /** Deletes the file if the caller uploaded it; says whether the caller could see it at all. */
    private static final String DELETE_OWN = "WITH file AS (SELECT f.id, f.uploader_id" + VISIBLE_FILE + " AND f.id = $1),"
            + " gone AS (DELETE FROM secure_session_files d USING file WHERE d.id = file.id AND file.uploader_id = $2 RETURNING d.s3_key)"
            + " SELECT EXISTS (SELECT 1 FROM file) AS visible, (SELECT s3_key FROM gone) AS s3_key";

    private final Pool database;
    private final Outbox outbox;

    public FileStore(Pool database, Outbox outbox) {
        this.database = database;
        this.outbox = outbox;
    }

    /** A file as participants see it. */
    public record FileRow(UUID id, UUID sessionId, UUID uploaderId, long size, byte[] metadata, Integer maxDownloads,
                          int downloads, Instant createdAt) {
    }

    public Uni<Boolean> canUpload(UUID sessionId, UUID userId) {
        return database.preparedQuery(LIVE_SESSION).execute(Tuple.of(sessionId, userId)).map(rows -> rows.size() > 0);
    }

    public Uni<Long> usedBytes(UUID userId) {
        return database.preparedQuery(USED).execute(Tuple.of(userId)).map(rows -> rows.iterator().next().getLong("used"));
    }

    /** What a registration did: stored, refused for the quota, or the session gone (or never the uploader's). */
    public enum Registration { STORED, OVER_QUOTA, SESSION_GONE }

    public Uni<Registration> register(FileRow file, String s3Key, long quotaBytes) {
        Tuple values = Tuple.tuple().addUUID(file.id()).addUUID(file.sessionId()).addUUID(file.uploaderId()).addString(s3Key)
                .addLong(file.size()).addValue(file.metadata() == null ? null : io.vertx.core.buffer.Buffer.buffer(file.metadata()))
                .addValue(file.maxDownloads()).addOffsetDateTime(file.createdAt().atOffset(ZoneOffset.UTC)).addLong(quotaBytes);
        Outbox.PendingEvent event = outbox.prepare(SessionActivity.TOPIC, SessionActivity.TYPE, SessionActivity.SCHEMA_VERSION,
                file.sessionId().toString(), new SessionActivity(file.sessionId().toString(), SessionActivity.FILE, file.id().toString()));
        values.addUUID(event.envelope().eventId()).addString(event.topic()).addString(event.envelope().type()).addString(event.payload());
        return database.withTransaction(connection -> connection.preparedQuery(LOCK_USER).execute(Tuple.of(file.uploaderId().toString()))
                .chain(() -> connection.preparedQuery(REGISTER).execute(values))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return row.getBoolean("stored") ? Registration.STORED
                            : row.getBoolean("visible") ? Registration.OVER_QUOTA : Registration.SESSION_GONE;
                }));
    }

    /** The session's files, oldest first; null when the caller cannot see the session. */
    public Uni<List<FileRow>> list(UUID userId, UUID sessionId) {
        return canUpload(sessionId, userId).chain(visible -> !visible ? Uni.createFrom().nullItem()
                : database.preparedQuery(LIST).execute(Tuple.of(userId, sessionId)).map(rows -> {
                    List<FileRow> files = new ArrayList<>(rows.size());
                    rows.forEach(row -> files.add(file(row)));
                    return files;
                }));
    }

    /** The file if it is still there, for the sockets that tell participants of it. */
    public Uni<FileRow> file(UUID sessionId, UUID fileId) {
        return database.preparedQuery(ONE).execute(Tuple.of(fileId, sessionId))
                .map(rows -> rows.size() == 0 ? null : file(rows.iterator().next()));
    }

    /** Where a download reads, and whether it was the last one the file allows. */
    public record Download(String s3Key, long size, boolean last) {
    }

    /** Takes one of the file's downloads; null when the caller cannot see it or none are left. */
    public Uni<Download> takeDownload(UUID fileId, UUID userId) {
        return database.preparedQuery(TAKE_DOWNLOAD).execute(Tuple.of(fileId, userId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            Integer max = row.getInteger("max_downloads");
            return new Download(row.getString("s3_key"), row.getLong("size_bytes"), max != null && row.getInteger("download_count") >= max);
        });
    }

    /** Removes the file's row (its downloads are spent); answers its object key, or null if it was gone. */
    public Uni<String> forget(UUID fileId) {
        return database.preparedQuery(FORGET).execute(Tuple.of(fileId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("s3_key"));
    }

    /** What a delete found: the object to remove (the caller's file), or whether the caller could see it. */
    public record Deletion(boolean visible, String s3Key) {
    }

    public Uni<Deletion> deleteOwn(UUID fileId, UUID userId) {
        return database.preparedQuery(DELETE_OWN).execute(Tuple.of(fileId, userId)).map(rows -> {
            Row row = rows.iterator().next();
            return new Deletion(row.getBoolean("visible"), row.getString("s3_key"));
        });
    }

    private static FileRow file(Row row) {
        Buffer metadata = row.getBuffer("metadata");
        return new FileRow(row.getUUID("id"), row.getUUID("session_id"), row.getUUID("uploader_id"), row.getLong("size_bytes"),
                metadata == null ? null : metadata.getBytes(), row.getInteger("max_downloads"), row.getInteger("download_count"),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
