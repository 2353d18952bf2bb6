package io.panzoto.audio.uploads;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.audio.storage.ObjectStore;
import io.panzoto.platform.errors.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

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
        S3Client s3 = store.client();
        byte[] part = new byte[config.upload().partBytes()];
        int filled = fill(body, part);
        if (filled == 0) {
            throw ApiException.badRequest("empty_body", "the request body is the recording; it was empty");
        }
        if (filled < part.length) {
            try {
                s3.putObject(request -> request.bucket(store.bucket()).key(key), slice(part, filled));
            } catch (SdkException e) {
                throw storageUnavailable(e);
            }
            return new Stored(key, filled);
        }
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(request -> request.bucket(store.bucket()).key(key)).uploadId();
        } catch (SdkException e) {
            throw storageUnavailable(e);
        }
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int length = filled;
            while (length > 0) {
                total += length;
                if (total > config.upload().maxBytes()) {
                    throw tooLarge(config.upload().maxBytes());
                }
                int number = parts.size() + 1;
                int size = length;
                String etag = s3.uploadPart(request -> request.bucket(store.bucket()).key(key).uploadId(uploadId).partNumber(number),
                        slice(part, size)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                length = fill(body, part);
            }
            s3.completeMultipartUpload(request -> request.bucket(store.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
            return new Stored(key, total);
        } catch (SdkException e) {
            abort(s3, key, uploadId);
            throw storageUnavailable(e);
        } catch (RuntimeException e) {
            abort(s3, key, uploadId);
            throw e;
        }
    }

    static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "too_large", "recordings may be at most " + maxBytes + " bytes");
    }

    /** The first bytes of the buffer as a part, without copying them. */
    private static RequestBody slice(byte[] buffer, int length) {
        return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length);
    }

    private static ApiException storageUnavailable(SdkException e) {
        LOG.warnf("storing an upload failed: %s", e.getClass().getSimpleName());
        return new ApiException(503, "storage_unavailable", "the recording could not be stored; try again shortly");
    }

    /** Deletes an uploaded object that could not be registered; a failure here is only logged. */
    public void discard(String key) {
        try {
            store.client().deleteObject(request -> request.bucket(store.bucket()).key(key));
        } catch (SdkException e) {
            LOG.warnf("could not delete an unregistered upload (%s)", e.getClass().getSimpleName());
        }
    }

    private void abort(S3Client s3, String key, String uploadId) {
        try {
            s3.abortMultipartUpload(request -> request.bucket(store.bucket()).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            LOG.warnf("could not abort a multipart upload (%s); the bucket's lifecycle rule removes it", e.getClass().getSimpleName());
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
