package io.panzoto.infra;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.X25519;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The whole platform on one machine without Docker: PostgreSQL, Kafka and s3proxy, then the four
 * services and the gateway, all on 127.0.0.1. Data persists under {@code .local/data}; each process
 * logs to {@code .local/logs}. Ctrl-C (or {@code deploy/local/stop}) stops everything it started.
 *
 * <p>Arguments: {@code --infra-only} starts just the servers and writes each service's connection
 * settings to {@code .local/config/<service>.properties}, for running one service alone.
 */
public final class LocalStack {
    /** Service name, database, HTTP port: the table in shared/design.md. */
    record Service(String name, String database, int port) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("auth-service", "auth", 8081),
            new Service("audio-service", "audio", 8082),
            new Service("messaging-service", "messaging", 8083),
            new Service("diary-service", "diary", 8084));
    static final Service GATEWAY = new Service("gateway", null, 8080);
    static final int GATEWAY_MANAGEMENT_PORT = 9000;
    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;
    static final int S3_PORT = 19000;
    /** Secrets a service needs beyond the servers' (32 random bytes, base64), by service. */
    static final Map<String, List<String>> SERVICE_SECRETS = Map.of(
            "auth-service", List.of("panzoto.auth.key-encryption-key", "panzoto.auth.token-pepper"),
            "audio-service", List.of("panzoto.audio.transcriber.private-key"),
            "messaging-service", List.of("panzoto.messaging.token-pepper"),
            "diary-service", List.of("panzoto.diary.ticket-private-key"));

    private final Path root;
    private final Path local;
    private final List<ChildProcess> services = new ArrayList<>();
    private final Properties secrets = new Properties();
    private Infra infra;

    LocalStack(Path root) {
        this.root = root;
        this.local = root.resolve(".local");
    }

    public static void main(String[] args) throws Exception {
        boolean infraOnly = List.of(args).contains("--infra-only");
        LocalStack stack = new LocalStack(Path.of("").toAbsolutePath());
        String busy = stack.busyPorts(infraOnly);
        if (!busy.isEmpty()) {
            System.err.println("Cannot start: " + busy + ". Stop whatever holds it (an earlier run: deploy/local/stop).");
            System.exit(2);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "stop-local-stack"));
        try {
            stack.start(infraOnly);
        } catch (InfraException e) {
            System.err.println("Cannot start: " + e.getMessage());
            System.exit(1);
        }
        stopped.await();
    }

    String busyPorts(boolean infraOnly) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(POSTGRES_PORT, "postgres");
        wanted.put(KAFKA_PORT, "kafka");
        wanted.put(KAFKA_CONTROLLER_PORT, "kafka controller");
        wanted.put(S3_PORT, "s3proxy");
        if (!infraOnly) {
            SERVICES.forEach(s -> wanted.put(s.port(), s.name()));
            wanted.put(GATEWAY.port(), GATEWAY.name());
            wanted.put(GATEWAY_MANAGEMENT_PORT, "gateway management");
        }
        List<String> busy = new ArrayList<>();
        wanted.forEach((port, name) -> {
            if (!Ports.isFree(port)) {
                busy.add("port " + port + " (" + name + ") is already in use");
            }
        });
        return String.join(", ", busy);
    }

    void start(boolean infraOnly) throws IOException {
        Path logs = local.resolve("logs");
        Files.createDirectories(logs);
        writePidFile();
        System.out.println("Logs of every process: " + logs);
        infra = Infra.start(new Infra.Options(local.resolve("data"), logs, POSTGRES_PORT, KAFKA_PORT,
                KAFKA_CONTROLLER_PORT, S3_PORT, true, secrets()));
        System.out.println("PostgreSQL 127.0.0.1:" + POSTGRES_PORT + ", Kafka " + infra.kafka().bootstrapServers()
                + ", S3 " + infra.s3().endpoint());
        if (infraOnly) {
            writeServiceConfigs();
            return;
        }
        for (Service service : SERVICES) {
            services.add(launch(service, serviceConfig(service), logs));
        }
        // The gateway reads only the ended sessions from Kafka.
        services.add(launch(GATEWAY, Map.of("kafka.bootstrap.servers", infra.kafka().bootstrapServers()), logs));
        for (Service service : SERVICES) {
            awaitOk(service.name() + " ready", "http://127.0.0.1:" + service.port() + "/q/health/ready", Duration.ofMinutes(3));
        }
        awaitOk("gateway health", "http://127.0.0.1:" + GATEWAY.port() + "/api/v1/health", Duration.ofMinutes(1));
        System.out.println("Panzoto is up: http://127.0.0.1:" + GATEWAY.port() + "/api/v1/health answers 200."
                + " Stop with Ctrl-C or deploy/local/stop.");
    }

    private ChildProcess launch(Service service, Map<String, String> config, Path logs) {
        Path jar = root.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new InfraException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        config.forEach((key, value) -> env.put(environmentName(key), value));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        env.put("QUARKUS_HTTP_HOST", Ports.HOST);
        // Connection settings and secrets travel in the environment, never on the command line (ps shows it).
        return ChildProcess.start(service.name(), List.of(InfraClasspath.javaExecutable(), "-Xms64m", "-Xmx384m",
                "-XX:+UseSerialGC", "-jar", jar.toString()), logs.resolve(service.name() + ".log"), env);
    }

    /** MicroProfile Config's environment form of a property name. */
    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private void awaitOk(String what, String url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Ports.Wait.until(what, timeout, () -> {
            for (ChildProcess child : services) {
                child.checkAlive();
            }
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        });
    }

    /** Everything a service is started with: its servers, its database, its own secrets. */
    private Map<String, String> serviceConfig(Service service) {
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig(service.database()));
        for (String property : SERVICE_SECRETS.getOrDefault(service.name(), List.of())) {
            config.put(property, secrets.getProperty("service." + service.name() + "." + property));
        }
        if (service.name().equals("auth-service")) {
            // uce data-key tickets are sealed to diary-service's key: auth-service gets its public half.
            try (SecretBytes diaryKey = SecretBytes.copyOf(Bytes.fromBase64(
                    secrets.getProperty("service.diary-service.panzoto.diary.ticket-private-key")))) {
                config.put("panzoto.auth.diary-ticket-public-key", Bytes.base64(X25519.publicKey(diaryKey)));
            }
        }
        if (service.name().equals("audio-service")) {
            // The speech model the audio-service build unpacks; in an image it sits at its default path.
            config.put("panzoto.audio.transcriber.model-path", root.resolve("audio-service/target/vosk-model/model-en-us").toString());
            config.put("panzoto.audio.transcriber.work-dir", local.resolve("data/audio-work").toString());
        }
        return config;
    }

    /** Local secrets: made once per data directory, kept in a file only the owner reads. */
    private Infra.Secrets secrets() throws IOException {
        Path file = local.resolve("data/secrets.properties");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                secrets.load(in);
            }
        }
        if (secrets.getProperty("postgres.password") == null) {
            Infra.Secrets fresh = Infra.Secrets.random();
            secrets.setProperty("postgres.password", fresh.postgresPassword());
            secrets.setProperty("s3.access-key", fresh.s3AccessKey());
            secrets.setProperty("s3.secret-key", fresh.s3SecretKey());
        }
        SERVICE_SECRETS.forEach((service, properties) -> properties.forEach(property ->
                secrets.computeIfAbsent("service." + service + "." + property,
                        key -> Bytes.base64(SecureRandoms.bytes(32)))));
        writePrivate(file, secrets, "local stack secrets; delete .local/data to start afresh");
        return new Infra.Secrets(secrets.getProperty("postgres.password"), secrets.getProperty("s3.access-key"),
                secrets.getProperty("s3.secret-key"));
    }


    private void writeServiceConfigs() throws IOException {
        for (Service service : SERVICES) {
            Properties props = new Properties();
            props.putAll(serviceConfig(service));
            Path file = local.resolve("config/" + service.name() + ".properties");
            writePrivate(file, props, "settings for running " + service.name() + " alone against the local stack");
            System.out.println(service.name() + ": ./mvnw -pl " + service.name() + " quarkus:dev -Dquarkus.config.locations=" + file);
        }
        System.out.println("Infrastructure is up. Stop with Ctrl-C or deploy/local/stop.");
    }

    private static void writePrivate(Path file, Properties props, String comment) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, comment);
        }
    }

    private void writePidFile() throws IOException {
        Path pidFile = local.resolve("run/stack.pid");
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
    }

    /** Services first (they flush their outboxes and close connections), then the servers. */
    synchronized void stop() {
        System.out.println("Stopping Panzoto...");
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop(Duration.ofSeconds(20));
        }
        services.clear();
        if (infra != null) {
            infra.close();
            infra = null;
        }
        try {
            Files.deleteIfExists(local.resolve("run/stack.pid"));
        } catch (IOException ignored) {
            // the next start overwrites it
        }
        System.out.println("Stopped; nothing left running.");
    }
}
