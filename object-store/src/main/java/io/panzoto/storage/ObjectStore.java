package io.panzoto.storage;

import static io.panzoto.platform.concurrent.Workers.onWorker;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * The platform bucket, for every service that keeps objects (recordings, message files, diary media).
 * The S3 client is the quarkus-amazon-s3 extension's (its configuration comes from {@code panzoto.s3.*},
 * see this module's microprofile-config.properties) and never leaves this class: callers get streams,
 * sizes, multipart uploads and {@link StorageException}s. The blocking methods are for worker threads;
 * the {@link Uni} ones move their work to a worker themselves.
 */
@ApplicationScoped
public class ObjectStore {
    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    /**
     * @param publicEndpoint how clients reach S3, for presigned URLs; inside a cluster it differs from
     *                       the service's own endpoint (empty: the same). The extension's presigner signs
     *                       for the service's endpoint, so this one is built here; it makes no calls.
     */
    public ObjectStore(S3Client s3,
                       @ConfigProperty(name = "panzoto.s3.bucket") String bucket,
                       @ConfigProperty(name = "panzoto.s3.endpoint") String endpoint,
                       @ConfigProperty(name = "panzoto.s3.public-endpoint") Optional<String> publicEndpoint,
                       @ConfigProperty(name = "panzoto.s3.access-key") String accessKey,
                       @ConfigProperty(name = "panzoto.s3.secret-key") String secretKey,
                       @ConfigProperty(name = "panzoto.s3.region", defaultValue = "us-east-1") String region) {
        this.s3 = s3;
        this.bucket = bucket;
        this.presigner = S3Presigner.builder()
                .endpointOverride(URI.create(publicEndpoint.filter(value -> !value.isBlank()).orElse(endpoint)))
                .region(Region.of(region))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    /** A URL that lets its holder PUT exactly {@code size} bytes at the key until it expires (no network call). */
    public PresignedPut presignPut(String key, long size, Duration validFor) {
        PresignedPutObjectRequest presigned = presigner.presignPutObject(request -> request.signatureDuration(validFor)
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentLength(size).contentType("application/octet-stream")));
        Map<String, String> headers = new TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!"host".equalsIgnoreCase(name)) {
                headers.put(name, String.join(",", values));
            }
        });
        return new PresignedPut(presigned.url().toString(), headers, presigned.expiration());
    }

    /** A URL that lets its holder GET the object until it expires (no network call). */
    public PresignedGet presignGet(String key, Duration validFor) {
        PresignedGetObjectRequest presigned = presigner.presignGetObject(request -> request.signatureDuration(validFor)
                .getObjectRequest(get -> get.bucket(bucket).key(key)));
        return new PresignedGet(presigned.url().toString(), presigned.expiration());
    }

    /** The object's bytes as they arrive; the caller closes the stream. Blocking. */
    public InputStream open(String key) {
        return call(() -> s3.getObject(request -> request.bucket(bucket).key(key)));
    }

    /** The bytes {@code first} to {@code last} (inclusive) of the object as they arrive; the caller closes the stream. Blocking. */
    public InputStream open(String key, long first, long last) {
        return call(() -> s3.getObject(request -> request.bucket(bucket).key(key).range("bytes=" + first + "-" + last)));
    }

    /**
     * Streams a body of unknown length into the object, one part in memory at a time: a body that fits
     * one part is one PUT, a longer one a multipart upload. A body over {@code maxBytes}, empty, or cut
     * short is refused and nothing of it remains. Answers the size stored. Blocking.
     */
    public long putStream(String key, InputStream body, int partBytes, long maxBytes) {
        byte[] part = new byte[(int) Math.min(partBytes, Math.max(1, maxBytes + 1))];
        int filled = fill(body, part);
        if (filled == 0) {
            throw new UploadRefusedException(UploadRefusedException.Reason.EMPTY);
        }
        if (filled > maxBytes) {
            throw new UploadRefusedException(UploadRefusedException.Reason.TOO_LARGE);
        }
        if (filled < part.length) {
            put(key, part, filled);
            return filled;
        }
        MultipartUpload upload = startMultipart(key);
        try {
            long total = 0;
            int length = filled;
            while (length > 0) {
                total += length;
                if (total > maxBytes) {
                    throw new UploadRefusedException(UploadRefusedException.Reason.TOO_LARGE);
                }
                upload.upload(part, length);
                length = fill(body, part);
            }
            return upload.complete();
        } catch (RuntimeException e) {
            upload.abort();
            throw e;
        }
    }

    /** Reads until the buffer is full or the body ends; answers how many bytes it holds. */
    private static int fill(InputStream body, byte[] buffer) {
        try {
            return body.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UploadRefusedException(UploadRefusedException.Reason.INCOMPLETE);
        }
    }

    /** Writes a small object in one request. Blocking. */
    public void put(String key, byte[] buffer, int length) {
        call(() -> s3.putObject(request -> request.bucket(bucket).key(key), slice(buffer, length)));
    }

    /** Starts an object written in parts. Blocking. */
    public MultipartUpload startMultipart(String key) {
        String uploadId = call(() -> s3.createMultipartUpload(request -> request.bucket(bucket).key(key)).uploadId());
        return new Parts(key, uploadId);
    }

    /** Deletes the object (there being none is no error). Blocking. */
    public void deleteNow(String key) {
        call(() -> s3.deleteObject(request -> request.bucket(bucket).key(key)));
    }

    /** The object's size, or empty if there is no such object. */
    public Uni<Optional<Long>> size(String key) {
        return onWorker(() -> {
            try {
                return Optional.of(call(() -> s3.headObject(request -> request.bucket(bucket).key(key)).contentLength()));
            } catch (StorageException e) {
                if (e.kind() == StorageException.Kind.MISSING) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public Uni<Void> delete(String key) {
        return onWorker(() -> {
            deleteNow(key);
            return null;
        }).replaceWithVoid();
    }

    /** The keys of every object under the prefix (operators' checks and tests: nothing left behind). Blocking. */
    public List<String> keys(String prefix) {
        return call(() -> {
            List<String> keys = new ArrayList<>();
            for (var page : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))) {
                page.contents().forEach(object -> keys.add(object.key()));
            }
            return keys;
        });
    }

    /** Deletes every object under the prefix; answers how many went. */
    public Uni<Integer> deletePrefix(String prefix) {
        return onWorker(() -> call(() -> {
            int deleted = 0;
            for (var page : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))) {
                List<ObjectIdentifier> keys = page.contents().stream().map(S3Object::key)
                        .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
                if (!keys.isEmpty()) {
                    s3.deleteObjects(request -> request.bucket(bucket).delete(Delete.builder().objects(keys).build()));
                    deleted += keys.size();
                }
            }
            return deleted;
        }));
    }

    @PreDestroy
    void close() {
        presigner.close();
    }

    private final class Parts implements MultipartUpload {
        private final String key;
        private final String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private long size;

        Parts(String key, String uploadId) {
            this.key = key;
            this.uploadId = uploadId;
        }

        @Override
        public void upload(byte[] buffer, int length) {
            int number = parts.size() + 1;
            String etag = call(() -> s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    slice(buffer, length)).eTag());
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            size += length;
        }

        @Override
        public long complete() {
            call(() -> s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts))));
            return size;
        }

        @Override
        public void abort() {
            try {
                s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException e) {
                LOG.warnf("could not abort a multipart upload (%s); the bucket's lifecycle rule removes it", e.getClass().getSimpleName());
            }
        }
    }

    /** The first bytes of the buffer as a request body, without copying them. */
    private static RequestBody slice(byte[] buffer, int length) {
        return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length);
    }

    /** Runs an SDK call, its failure told in {@link StorageException}'s terms. */
    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchKeyException e) {
            throw new StorageException(StorageException.Kind.MISSING, e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new StorageException(StorageException.Kind.MISSING, e);
            }
            boolean transientFault = e.statusCode() >= 500 || e.statusCode() == 429 || e.statusCode() == 0;
            throw new StorageException(transientFault ? StorageException.Kind.UNAVAILABLE : StorageException.Kind.REFUSED, e);
        } catch (SdkException e) {
            throw new StorageException(StorageException.Kind.UNAVAILABLE, e);
        }
    }
}
