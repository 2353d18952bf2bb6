package io.panzoto.audio.uploads;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.audio.files.AudioFiles;
import io.panzoto.platform.errors.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Presigned PUT URLs, so the app uploads straight to S3: the URL is for one fresh key under the
 * caller's prefix and for exactly the declared size (the length is signed), and it expires. The app
 * registers the object afterwards ({@code POST /api/audio-file}), which announces it.
 */
@ApplicationScoped
public class PresignedUploads {
    private final S3Presigner presigner;
    private final String bucket;
    private final AudioConfig config;

    public PresignedUploads(@ConfigProperty(name = "panzoto.s3.endpoint") String endpoint,
                            @ConfigProperty(name = "panzoto.s3.public-endpoint") Optional<String> publicEndpoint,
                            @ConfigProperty(name = "panzoto.s3.access-key") String accessKey,
                            @ConfigProperty(name = "panzoto.s3.secret-key") String secretKey,
                            @ConfigProperty(name = "panzoto.s3.bucket") String bucket,
                            @ConfigProperty(name = "panzoto.s3.region", defaultValue = "us-east-1") String region,
                            AudioConfig config) {
        this.bucket = bucket;
        this.config = config;
        // Clients reach S3 by its public address, which inside a cluster differs from the service's.
        this.presigner = S3Presigner.builder()
                .endpointOverride(URI.create(publicEndpoint.filter(value -> !value.isBlank()).orElse(endpoint)))
                .region(Region.of(region))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    /** Where and how to PUT; the headers listed must be sent as given. */
    public record UploadUrl(String url, String s3Key, java.util.Map<String, String> headers, Instant expiresAt) {
    }

    public UploadUrl create(UUID userId, String fileName, Long fileSize) {
        if (fileSize == null) {
            throw ApiException.badRequest("missing_fields", "file_size is required");
        }
        if (fileSize < 1) {
            throw ApiException.badRequest("invalid_file_size", "file_size must be positive");
        }
        if (fileSize > config.upload().maxBytes()) {
            throw new ApiException(413, "too_large", "recordings may be at most " + config.upload().maxBytes() + " bytes");
        }
        String key = UploadKeys.newKey(userId, fileName);
        AudioFiles.requireOwnKey(userId, key);
        PresignedPutObjectRequest presigned = presigner.presignPutObject(request -> request
                .signatureDuration(config.upload().presignedUrlTtl())
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentLength(fileSize).contentType("application/octet-stream")));
        java.util.Map<String, String> headers = new java.util.TreeMap<>();
        presigned.signedHeaders().forEach((name, values) -> {
            if (!"host".equalsIgnoreCase(name)) {
                headers.put(name, String.join(",", values));
            }
        });
        return new UploadUrl(presigned.url().toString(), key, headers, presigned.expiration());
    }

    @PreDestroy
    void close() {
        presigner.close();
    }
}
