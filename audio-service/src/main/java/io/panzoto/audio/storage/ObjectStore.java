package io.panzoto.audio.storage;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The platform bucket, as audio-service uses it. The S3 client blocks, so every call runs on a worker
 * thread and answers a {@link Uni}; path-style addressing works with s3proxy, MinIO and AWS alike.
 */
@ApplicationScoped
public class ObjectStore {
    private final S3Client s3;
    private final String bucket;

    public ObjectStore(@ConfigProperty(name = "panzoto.s3.endpoint") String endpoint,
                       @ConfigProperty(name = "panzoto.s3.access-key") String accessKey,
                       @ConfigProperty(name = "panzoto.s3.secret-key") String secretKey,
                       @ConfigProperty(name = "panzoto.s3.bucket") String bucket,
                       @ConfigProperty(name = "panzoto.s3.region", defaultValue = "us-east-1") String region) {
        this.bucket = bucket;
        this.s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    /** The object's size, or empty if there is no such object. */
    public Uni<Optional<Long>> size(String key) {
        return blocking(() -> {
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
        return blocking(() -> s3.deleteObject(request -> request.bucket(bucket).key(key))).replaceWithVoid();
    }

    /** Deletes every object under the prefix; answers how many went. */
    public Uni<Integer> deletePrefix(String prefix) {
        return blocking(() -> {
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
    }

    /**
     * Runs the call on a worker and resumes on the caller's Vert.x context, where Hibernate Reactive
     * sessions must stay; off any context (a Kafka thread) it simply uses the worker pool.
     */
    private static <T> Uni<T> blocking(Supplier<T> call) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.<T>executeBlocking(call::get, false).toCompletionStage());
    }
}
