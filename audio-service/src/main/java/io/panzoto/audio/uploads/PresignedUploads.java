package io.panzoto.audio.uploads;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.audio.files.AudioFiles;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.storage.ObjectStore;
import io.panzoto.storage.PresignedPut;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Presigned PUT URLs, so the app uploads straight to S3: the URL is for one fresh key under the
 * caller's prefix and for exactly the declared size (the length is signed), and it expires. The app
 * registers the object afterwards ({@code POST /api/audio-file}), which announces it.
 */
@ApplicationScoped
public class PresignedUploads {
    private final ObjectStore store;
    private final AudioConfig config;

    public PresignedUploads(ObjectStore store, AudioConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Where and how to PUT; the headers listed must be sent as given. */
    public record UploadUrl(String url, String s3Key, Map<String, String> headers, Instant expiresAt) {
    }

    /** @param s3Key the client's own key (its layout, under its own prefix), or null for a fresh one */
    public UploadUrl create(UUID userId, String fileName, Long fileSize, String s3Key) {
        if (fileSize == null) {
            throw ApiException.badRequest("missing_fields", "file_size is required");
        }
        if (fileSize < 1) {
            throw ApiException.badRequest("invalid_file_size", "file_size must be positive");
        }
        if (fileSize > config.upload().maxBytes()) {
            throw StreamingUploads.tooLarge(config.upload().maxBytes());
        }
        String key;
        if (s3Key != null) {
            AudioFiles.requireOwnKey(userId, s3Key);
            key = s3Key;
        } else {
            key = UploadKeys.newKey(userId, fileName);
        }
        PresignedPut presigned = store.presignPut(key, fileSize, config.upload().presignedUrlTtl());
        return new UploadUrl(presigned.url(), key, presigned.headers(), presigned.expiresAt());
    }
}
