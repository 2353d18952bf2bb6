package io.panzoto.audio;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.kdf.Pbkdf2;
import io.panzoto.testing.TestAuthService;
import io.panzoto.testing.TestInfra;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

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

    /** The real auth-service of this test JVM (started by the first caller). */
    public static String authUrl() {
        return TestAuthService.start();
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
        try (S3Client s3 = s3()) {
            s3.putObject(request -> request.bucket(bucket()).key(key), body);
        }
    }

    public static boolean objectExists(String key) {
        try (S3Client s3 = s3()) {
            s3.headObject(request -> request.bucket(bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
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

    private static String bucket() {
        return config().get("panzoto.s3.bucket");
    }

    /** A client of the test bucket of its own, as the app's uploads are: not the service's store. */
    private static S3Client s3() {
        Map<String, String> config = config();
        return S3Client.builder()
                .endpointOverride(URI.create(config.get("panzoto.s3.endpoint")))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.get("panzoto.s3.access-key"), config.get("panzoto.s3.secret-key"))))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
