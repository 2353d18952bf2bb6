package io.panzoto.audio;

import io.panzoto.audio.storage.ObjectStore;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.kdf.Pbkdf2;
import io.panzoto.testing.TestInfra;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What the audio tests do as the app and auth-service would, with the real parts: accounts registered
 * with the running auth-service, platform events on Kafka, uploads straight to the bucket.
 */
public final class AudioTestSupport {
    private AudioTestSupport() {
    }

    /** A user registered with the real auth-service: its id, password, key salt and access token. */
    public record TestUser(UUID id, String email, String password, byte[] keySalt, String accessToken) {
        public String bearer() {
            return "Bearer " + accessToken;
        }

        /** The Android app's file key: PBKDF2-SHA256 of the password with the account's key salt. */
        public SecretBytes fileKey() {
            return Pbkdf2.deriveAndroidKey(password, keySalt);
        }

        /** Where this user's recordings go. */
        public String key(String name) {
            return "audio/" + id + "/" + name;
        }

        @Override
        public String toString() {
            return "TestUser[" + id + "]";
        }
    }

    /** Registers a fresh account with auth-service, which also announces it (and its key salt) on Kafka. */
    public static TestUser newUser() {
        String email = "audio-" + UUID.randomUUID() + "@example.test";
        String password = "correct horse " + UUID.randomUUID();
        Response response = RestAssured.given().baseUri(authUrl()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password)).post("/api/register");
        response.then().statusCode(201);
        return new TestUser(UUID.fromString(response.path("user_id")), email, password, Bytes.fromHex(response.path("key_salt")),
                response.path("token"));
    }

    public static String authUrl() {
        String url = System.getProperty(AudioTestResource.AUTH_URL_PROPERTY);
        if (url == null) {
            throw new IllegalStateException("auth-service is not running: the test class needs @WithTestResource(AudioTestResource.class)");
        }
        return url;
    }

    /** Uploads bytes as the app would, straight to the bucket. */
    public static void putObject(String key, byte[] content) {
        put(key, RequestBody.fromBytes(content));
    }

    /** Uploads a file as the app would, streamed from disk. */
    public static void putFile(String key, Path file) {
        put(key, RequestBody.fromFile(file));
    }

    private static void put(String key, RequestBody body) {
        ObjectStore store = store();
        try {
            store.client().putObject(request -> request.bucket(store.bucket()).key(key), body);
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
        publishRaw(topic, key, envelope);
    }

    /** Publishes exactly this record (a redelivery, or something that is not an event at all). */
    public static void publishRaw(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfra.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
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
