package io.panzoto.audio.uploads;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.storage.ObjectStore;
import io.panzoto.storage.StorageException;
import io.panzoto.storage.UploadRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
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
        return upload(UploadKeys.newKey(userId, fileName), body);
    }

    /** Streams the body to a key the caller has already checked is the user's and free. */
    public Stored upload(String key, InputStream body) {
        try {
            return new Stored(key, store.putStream(key, body, config.upload().partBytes(), config.upload().maxBytes()));
        } catch (StorageException e) {
            throw storageUnavailable(e);
        } catch (UploadRefusedException e) {
            throw switch (e.reason()) {
                case EMPTY -> ApiException.badRequest("empty_body", "the request body is the recording; it was empty");
                case TOO_LARGE -> tooLarge(config.upload().maxBytes());
                case INCOMPLETE -> ApiException.badRequest("upload_incomplete", "the upload was cut short");
            };
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
}
