package io.panzoto.audio;

import io.panzoto.testing.TestInfra;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the audio tests stand in for, with the real parts: auth-service's access tokens (signed with
 * the test key whose public half the service trusts in tests), its Kafka events, and the app's S3 upload.
 */
public final class AudioTestSupport {
    private AudioTestSupport() {
    }

    public static String token(UUID userId) {
        return Jwt.subject(userId.toString()).issuer("https://auth.panzoto.local").audience("panzoto")
                .claim("tier", "uce").expiresIn(Duration.ofMinutes(5)).sign();
    }

    public static String bearer(UUID userId) {
        return "Bearer " + token(userId);
    }

    /** Uploads bytes as the app would, straight to the bucket. */
    public static void putObject(String key, byte[] content) {
        try (S3Client s3 = s3()) {
            s3.putObject(request -> request.bucket(config().get("panzoto.s3.bucket")).key(key), RequestBody.fromBytes(content));
        }
    }

    public static boolean objectExists(String key) {
        try (S3Client s3 = s3()) {
            s3.headObject(request -> request.bucket(config().get("panzoto.s3.bucket")).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return false;
        }
    }

    /** Publishes a platform event as auth-service's outbox relay would. */
    public static void publish(String topic, UUID eventId, String type, String key, String bodyJson) {
        String envelope = "{\"event_id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"occurred_at\":\"" + Instant.now()
                + "\",\"schema_version\":1,\"aggregate_id\":\"" + key + "\",\"body\":" + bodyJson + "}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfra.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, envelope)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> config() {
        return TestInfra.serviceConfig("audio");
    }

    private static S3Client s3() {
        Map<String, String> config = config();
        return S3Client.builder().endpointOverride(URI.create(config.get("panzoto.s3.endpoint"))).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.get("panzoto.s3.access-key"), config.get("panzoto.s3.secret-key"))))
                .httpClientBuilder(software.amazon.awssdk.http.apache5.Apache5HttpClient.builder()).build();
    }
}
