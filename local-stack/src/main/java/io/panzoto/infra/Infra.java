package io.panzoto.infra;

import java.nio.file.Path;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's backing servers, all real: PostgreSQL, a KRaft Kafka broker and s3proxy, with the
 * platform's topics and bucket created. Used by the local stack and by every service's tests.
 */
public final class Infra implements AutoCloseable {
    public static final String BUCKET = "panzoto";

    private final InfraClasspath classpath = InfraClasspath.load();
    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final S3Server s3;

    /** Where and on which ports; the secrets are the ones the servers are created with. */
    public record Options(Path dataDir, Path logDir, int postgresPort, int kafkaPort, int kafkaControllerPort,
                          int s3Port, boolean durable, Secrets secrets) {
        /** Free ports, fresh secrets, no fsync: for a test run. */
        public static Options forTests(Path dataDir, Path logDir) {
            return new Options(dataDir, logDir, Ports.free(), Ports.free(), Ports.free(), Ports.free(), false, Secrets.random());
        }
    }

    /** The credentials the servers accept; toString never prints them. */
    public record Secrets(String postgresPassword, String s3AccessKey, String s3SecretKey) {
        public static Secrets random() {
            return new Secrets(randomHex(24), "panzoto-" + randomHex(6), randomHex(24));
        }

        private static String randomHex(int bytes) {
            return Bytes.hex(SecureRandoms.bytes(bytes));
        }

        @Override
        public String toString() {
            return "Secrets[redacted]";
        }
    }

    private Infra(Options options) {
        Path data = options.dataDir();
        postgres = new PostgresServer(data.resolve("postgres"), options.logDir(), options.postgresPort(), "panzoto",
                options.secrets().postgresPassword(), options.durable());
        kafka = new KafkaServer(data.resolve("kafka"), options.logDir(), options.kafkaPort(), options.kafkaControllerPort());
        s3 = new S3Server(data.resolve("s3"), options.logDir(), options.s3Port(), options.secrets().s3AccessKey(),
                options.secrets().s3SecretKey());
    }

    /** Starts the three servers (in parallel: Kafka is the slow one) and creates topics and bucket. */
    public static Infra start(Options options) {
        Infra infra = new Infra(options);
        try {
            Thread kafkaStarter = new Thread(() -> infra.kafka.start(infra.classpath), "start-kafka");
            RuntimeException[] kafkaFailure = new RuntimeException[1];
            kafkaStarter.setUncaughtExceptionHandler((t, e) -> kafkaFailure[0] = e instanceof RuntimeException r ? r : new InfraException(e.getMessage(), e));
            kafkaStarter.start();
            infra.s3.start(infra.classpath);
            infra.s3.createBucket(BUCKET);
            infra.postgres.start(infra.classpath);
            kafkaStarter.join();
            if (kafkaFailure[0] != null) {
                throw kafkaFailure[0];
            }
            infra.kafka.createTopics(TopicSpec.platformTopics());
            return infra;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            infra.close();
            throw new InfraException("interrupted while starting infrastructure", e);
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaServer kafka() {
        return kafka;
    }

    public S3Server s3() {
        return s3;
    }

    /** Starts a stopped database again on the same port, with its data. */
    public void startPostgres() {
        postgres.start(classpath);
    }

    /** Starts a stopped S3 server again on the same port, with its objects. */
    public void startS3() {
        s3.start(classpath);
    }

    /** Restarts a stopped or killed broker on the same port, with its data. */
    public void startKafka() {
        kafka.start(classpath);
    }

    /**
     * The configuration a service needs to reach these servers, with its own database: the one
     * mapping used by both the local stack and the tests.
     */
    public Map<String, String> serviceConfig(String database) {
        postgres.createDatabase(database);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.username", postgres.user());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("panzoto.s3.endpoint", s3.endpoint());
        config.put("panzoto.s3.access-key", s3.accessKey());
        config.put("panzoto.s3.secret-key", s3.secretKey());
        config.put("panzoto.s3.bucket", BUCKET);
        return config;
    }

    @Override
    public void close() {
        // Services first would be ideal; here the servers go in reverse order of need.
        kafka.stop();
        s3.stop();
        postgres.stop();
    }
}
