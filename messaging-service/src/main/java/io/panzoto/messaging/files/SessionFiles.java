package io.panzoto.messaging.files;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.crypto.Bytes;
import io.panzoto.messaging.config.MessagingConfig;
import io.panzoto.messaging.sessions.SessionIds;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.OutboxRelay;
import io.panzoto.storage.ObjectStore;
import io.panzoto.storage.StorageException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * SecureSession's file rules: who may send, list, fetch and delete a file, the size limit and the
 * per-user quota, and the downloads a file allows. Files are the client's ciphertext; the server never
 * holds their key or learns their name.
 */
@ApplicationScoped
public class SessionFiles {
    private static final Logger LOG = Logger.getLogger(SessionFiles.class);

    private final FileStore files;
    private final ObjectStore objects;
    private final MessagingConfig.Files config;

    private final OutboxRelay relay;

    public SessionFiles(FileStore files, ObjectStore objects, MessagingConfig config, OutboxRelay relay) {
        this.files = files;
        this.relay = relay;
        this.objects = objects;
        this.config = config.files();
    }

    /** A file as participants see it; {@code metadata} is the client's encrypted name and type. */
    public record FileView(@JsonProperty("id") String id, @JsonProperty("session_id") String sessionId,
                           @JsonProperty("uploader_id") String uploaderId, @JsonProperty("size") long size,
                           @JsonProperty("metadata") String metadata, @JsonProperty("max_downloads") Integer maxDownloads,
                           @JsonProperty("downloads") int downloads, @JsonProperty("created_at") Instant createdAt) {
        static FileView of(FileStore.FileRow row) {
            return new FileView(row.id().toString(), row.sessionId().toString(), row.uploaderId().toString(), row.size(),
                    row.metadata() == null ? null : Bytes.base64(row.metadata()), row.maxDownloads(), row.downloads(), row.createdAt());
        }
    }

    public record FileList(@JsonProperty("files") List<FileView> files) {
    }

    /** An upload's checked parameters. */
    public record Upload(UUID fileId, UUID sessionId, UUID uploaderId, byte[] metadata, Integer maxDownloads) {
        public String s3Key() {
            return "sessions/" + sessionId + "/" + fileId;
        }
    }

    /** Reads an upload's parameters (query and header) before anything else is done. */
    public Upload upload(UUID uploader, String sessionId, String maxDownloads, String metadata) {
        UUID session = SessionIds.parse(sessionId, "no such session");
        Integer max = null;
        if (maxDownloads != null && !maxDownloads.isBlank()) {
            try {
                max = Integer.parseInt(maxDownloads.trim());
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max < 1) {
                throw ApiException.badRequest("invalid_max_downloads", "max_downloads must be a whole number of at least 1");
            }
        }
        byte[] sealedMetadata = null;
        if (metadata != null && !metadata.isBlank()) {
            try {
                sealedMetadata = Bytes.fromBase64(metadata.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_base64", "the metadata header is not base64");
            }
            if (sealedMetadata.length > config.maxMetadataBytes()) {
                throw ApiException.badRequest("metadata_too_large", "metadata is at most " + config.maxMetadataBytes() + " bytes");
            }
        }
        return new Upload(UUID.randomUUID(), session, uploader, sealedMetadata, max);
    }

    /**
     * How many bytes this upload may write: the file limit or what is left of the uploader's quota,
     * whichever is smaller. Fails with 404 when the uploader cannot see the session, 413 when the
     * declared length is already too much.
     */
    public Uni<Allowance> allowance(Upload upload, Long declaredLength) {
        return files.canUpload(upload.sessionId(), upload.uploaderId()).chain(visible -> {
            if (!visible) {
                throw unknownSession();
            }
            return files.usedBytes(upload.uploaderId());
        }).map(used -> {
            Allowance allowance = new Allowance(Math.min(config.maxFileBytes(), config.quotaBytes() - used),
                    config.quotaBytes() - used < config.maxFileBytes());
            if (declaredLength != null && declaredLength > allowance.maxBytes()) {
                throw allowance.exceeded();
            }
            return allowance;
        });
    }

    /** The most an upload may write, and whether the quota (not the file limit) sets it. */
    public record Allowance(long maxBytes, boolean quotaBound) {
        ApiException exceeded() {
            return quotaBound ? quotaExceeded() : new ApiException(413, "file_too_large", "a file is at most the configured size");
        }
    }

    /** Streams the body to S3 and registers it; nothing remains of a refused upload. Blocking. */
    public Uni<FileView> register(Upload upload, long size) {
        FileStore.FileRow row = new FileStore.FileRow(upload.fileId(), upload.sessionId(), upload.uploaderId(), size, upload.metadata(),
                upload.maxDownloads(), 0, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        return files.register(row, upload.s3Key(), config.quotaBytes()).map(outcome -> switch (outcome) {
            case STORED -> {
                relay.publishSoon(); // every replica tells its sockets in the session
                yield FileView.of(row);
            }
            case OVER_QUOTA -> throw quotaExceeded();
            case SESSION_GONE -> throw unknownSession();
        });
    }

    public int partBytes() {
        return config.partBytes();
    }

    /** The file as participants see it, if it is still there. */
    public Uni<FileView> view(UUID sessionId, UUID fileId) {
        return files.file(sessionId, fileId).map(row -> row == null ? null : FileView.of(row));
    }

    public Uni<FileList> list(UUID userId, String sessionId) {
        return files.list(userId, SessionIds.parse(sessionId, "no such session")).map(rows -> {
            if (rows == null) {
                throw unknownSession();
            }
            return new FileList(rows.stream().map(FileView::of).toList());
        });
    }

    /** Takes one download of the file; 404 when the caller cannot see it or its downloads are spent. */
    public Uni<FileStore.Download> download(UUID userId, String fileId) {
        return files.takeDownload(SessionIds.parse(fileId, "no such file"), userId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no such file"));
    }

    /** After the last download a file allows: the row and the object go. */
    public Uni<Void> spent(String fileId) {
        return files.forget(UUID.fromString(fileId)).chain(key -> key == null ? Uni.createFrom().voidItem() : discard(key));
    }

    /** Deletes the caller's file: 404 if the caller cannot see it, 403 if someone else sent it. */
    public Uni<Void> delete(UUID userId, String fileId) {
        return files.deleteOwn(SessionIds.parse(fileId, "no such file"), userId).chain(deletion -> {
            if (!deletion.visible()) {
                throw ApiException.notFound("no such file");
            }
            if (deletion.s3Key() == null) {
                throw new ApiException(403, "not_uploader", "only the participant who sent a file may delete it");
            }
            return discard(deletion.s3Key());
        });
    }

    /**
     * Deletes an object no row points to any more. A failure is only logged: the object lies under its
     * session's prefix, which goes whole when the session is destroyed.
     */
    public Uni<Void> discard(String key) {
        return objects.delete(key).onFailure(StorageException.class).recoverWithItem(failure -> {
            LOG.warnf("could not delete a session file's object now (%s); it goes with its session", failure.getClass().getSimpleName());
            return null;
        });
    }

    static ApiException quotaExceeded() {
        return new ApiException(413, "quota_exceeded", "your files in sessions use all of your quota; delete some or end a session");
    }

    private static ApiException unknownSession() {
        return ApiException.notFound("no such session");
    }
}
