package io.panzoto.audio;

import io.panzoto.audio.storage.ObjectStore;
import io.panzoto.testing.TestInfra;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.sync.RequestBody;

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
        ObjectStore store = store();
        try {
            store.client().putObject(request -> request.bucket(store.bucket()).key(key), RequestBody.fromBytes(content));
        } finally {
            store.close();
        }
    }

    public static boolean objectExists(String key) {
        ObjectStore store = store();
        try {
            return store.size(key).await().indefinitely().isPresent();
        } finally {
            store.close();
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

    /** The service's own store, pointed at the test bucket. */
    private static ObjectStore store() {
        Map<String, String> config = config();
        return new ObjectStore(config.get("panzoto.s3.endpoint"), config.get("panzoto.s3.access-key"),
                config.get("panzoto.s3.secret-key"), config.get("panzoto.s3.bucket"), "us-east-1");
    }
}
