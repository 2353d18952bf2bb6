package io.panzoto.audio.storage;

import static io.panzoto.platform.concurrent.Workers.onWorker;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * The platform bucket, as audio-service uses it. The S3 client blocks, so every call runs on a worker
 * thread and answers a {@link Uni}; path-style addressing works with s3proxy, MinIO and AWS alike.
 */
@ApplicationScoped
public class ObjectStore {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    /**
     * @param publicEndpoint how clients reach S3, for presigned URLs; inside a cluster it differs from
     *                       the service's own endpoint (empty: the same)
     */
    @Inject
    public ObjectStore(@ConfigProperty(name = "panzoto.s3.endpoint") String endpoint,
                       @ConfigProperty(name = "panzoto.s3.public-endpoint") Optional<String> publicEndpoint,
                       @ConfigProperty(name = "panzoto.s3.access-key") String accessKey,
                       @ConfigProperty(name = "panzoto.s3.secret-key") String secretKey,
                       @ConfigProperty(name = "panzoto.s3.bucket") String bucket,
                       @ConfigProperty(name = "panzoto.s3.region", defaultValue = "us-east-1") String region) {
        this.bucket = bucket;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        this.s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
        this.presigner = S3Presigner.builder()
                .endpointOverride(URI.create(publicEndpoint.filter(value -> !value.isBlank()).orElse(endpoint)))
                .region(Region.of(region))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(credentials)
                .build();
    }

    /** The store as tests and tools reach it: clients use the same endpoint. */
    public ObjectStore(String endpoint, String accessKey, String secretKey, String bucket, String region) {
        this(endpoint, Optional.empty(), accessKey, secretKey, bucket, region);
    }

    /** A URL that lets its holder PUT exactly {@code size} bytes at the key until it expires (no network call). */
    public PresignedPutObjectRequest presignPut(String key, long size, Duration validFor) {
        return presigner.presignPutObject(request -> request.signatureDuration(validFor)
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentLength(size).contentType("application/octet-stream")));
    }

    /** The object's size, or empty if there is no such object. */
    public Uni<Optional<Long>> size(String key) {
        return onWorker(() -> {
            try {
                return Optional.of(s3.headObject(request -> request.bucket(bucket).key(key)).contentLength());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public Uni<Void> delete(String key) {
        return onWorker(() -> s3.deleteObject(request -> request.bucket(bucket).key(key))).replaceWithVoid();
    }

    /** Deletes every object under the prefix; answers how many went. */
    public Uni<Integer> deletePrefix(String prefix) {
        return onWorker(() -> {
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
        });
    }

    /** The raw client, for callers that stream (uploads, the transcriber); call it off the event loop. */
    public S3Client client() {
        return s3;
    }

    public String bucket() {
        return bucket;
    }

    @PreDestroy
    public void close() {
        s3.close();
        presigner.close();
    }
}
