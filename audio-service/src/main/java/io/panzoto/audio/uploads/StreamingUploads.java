package io.panzoto.audio.uploads;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.storage.MultipartUpload;
import io.panzoto.storage.ObjectStore;
import io.panzoto.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Uploads through the service for clients that cannot use a presigned URL: the body streams to S3 as
 * a multipart upload, one part buffered at a time (memory per upload is one part, whatever the size),
 * and an upload over the limit or cut short is aborted so no partial object remains. Blocking.
 */
@ApplicationScoped
public class StreamingUploads {
    private static final Logger LOG = Logger.getLogger(StreamingUploads.class);

    private final ObjectStore store;
    private final AudioConfig config;

    public StreamingUploads(ObjectStore store, AudioConfig config) {
        this.store = store;
        this.config = config;
    }

    /** The key written and its size. */
    public record Stored(String s3Key, long size) {
    }

    public Stored upload(UUID userId, String fileName, InputStream body) {
        String key = UploadKeys.newKey(userId, fileName);
        byte[] part = new byte[config.upload().partBytes()];
        int filled = fill(body, part);
        if (filled == 0) {
            throw ApiException.badRequest("empty_body", "the request body is the recording; it was empty");
        }
        if (filled < part.length) {
            try {
                store.put(key, part, filled);
            } catch (StorageException e) {
                throw storageUnavailable(e);
            }
            return new Stored(key, filled);
        }
        MultipartUpload upload;
        try {
            upload = store.startMultipart(key);
        } catch (StorageException e) {
            throw storageUnavailable(e);
        }
        try {
            long total = 0;
            int length = filled;
            while (length > 0) {
                total += length;
                if (total > config.upload().maxBytes()) {
                    throw tooLarge(config.upload().maxBytes());
                }
                upload.upload(part, length);
                length = fill(body, part);
            }
            return new Stored(key, upload.complete());
        } catch (StorageException e) {
            upload.abort();
            throw storageUnavailable(e);
        } catch (RuntimeException e) {
            upload.abort();
            throw e;
        }
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "too_large", "recordings may be at most " + maxBytes + " bytes");
    }

    private static ApiException storageUnavailable(StorageException e) {
        LOG.warnf("storing an upload failed: %s", e.getClass().getSimpleName());
        return new ApiException(503, "storage_unavailable", "the recording could not be stored; try again shortly");
    }

    /** Deletes an uploaded object that could not be registered; a failure here is only logged. */
    public void discard(String key) {
        try {
            store.deleteNow(key);
        } catch (StorageException e) {
            LOG.warnf("could not delete an unregistered upload (%s)", e.getClass().getSimpleName());
        }
    }

    /** Reads until the buffer is full or the body ends; answers how many bytes it holds. */
    private static int fill(InputStream body, byte[] buffer) {
        try {
            return body.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw ApiException.badRequest("upload_incomplete", "the upload was cut short");
        }
    }
}
