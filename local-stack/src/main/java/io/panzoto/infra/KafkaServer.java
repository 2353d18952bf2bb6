package io.panzoto.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run from the
 * Maven Central jars in its own JVM. Its log directory is formatted on first start and kept, so the
 * broker can be stopped and started again on the same port with its data.
 */
public final class KafkaServer {
    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private ChildProcess process;

    public KafkaServer(Path dataDir, Path logDir, int port, int controllerPort) {
        this.dataDir = dataDir.toAbsolutePath();
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return Ports.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized void start(InfraClasspath classpath) {
        Path config = writeConfig();
        Path javaLogging = ChildLogging.configFile(dataDir);
        if (!Files.exists(dataDir.resolve("logs/meta.properties"))) {
            ChildProcess.runToCompletion("kafka-storage-format", List.of(
                    InfraClasspath.javaExecutable(), "-Xmx256m", "-Dlogback.configurationFile=" + javaLogging,
                    "-cp", classpath.asArgument(), "kafka.tools.StorageTool",
                    "format", "--standalone", "-t", newClusterId(), "-c", config.toString()),
                    logDir.resolve("kafka-format.log"), Duration.ofMinutes(2));
        }
        process = ChildProcess.start("kafka", List.of(
                InfraClasspath.javaExecutable(), "-Xms128m", "-Xmx768m", "-XX:+UseG1GC",
                "-Dlogback.configurationFile=" + javaLogging, "-cp", classpath.asArgument(),
                "kafka.Kafka", config.toString()), logDir.resolve("kafka.log"), Map.of());
        Ports.awaitListening(process, port, Duration.ofSeconds(90));
        Ports.Wait.until("kafka broker answering", Duration.ofSeconds(90), () -> {
            process.checkAlive();
            try (Admin admin = admin()) {
                return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
            }
        });
    }

    /** A clean shutdown (SIGTERM lets the broker close its logs). */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
            process = null;
        }
    }

    /** Kills the broker as a crash would; {@link #start} brings it back on the same port with its data. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Creates each topic and its dead-letter twin; existing topics are left as they are. */
    public void createTopics(List<TopicSpec> topics) {
        List<NewTopic> wanted = new ArrayList<>();
        for (TopicSpec topic : topics) {
            wanted.add(newTopic(topic.name(), topic.partitions(), topic.retention()));
            wanted.add(newTopic(topic.deadLetterName(), topic.partitions(), TopicSpec.DEAD_LETTER_RETENTION));
        }
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (Exception e) {
            throw new InfraException("could not create Kafka topics: " + e.getMessage(), e);
        }
    }

    public Admin admin() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(config);
    }

    private static NewTopic newTopic(String name, int partitions, Duration retention) {
        long retentionMs = retention == null ? -1 : retention.toMillis();
        return new NewTopic(name, partitions, (short) 1).configs(Map.of("retention.ms", Long.toString(retentionMs)));
    }

    private Path writeConfig() {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.bootstrap.servers", Ports.HOST + ":" + controllerPort);
        props.setProperty("listeners", "PLAINTEXT://" + Ports.HOST + ":" + port + ",CONTROLLER://" + Ports.HOST + ":" + controllerPort);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + Ports.HOST + ":" + port);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", dataDir.resolve("logs").toString());
        props.setProperty("num.partitions", "1");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "10");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics come from deploy/topics.txt only, as in production.
        props.setProperty("auto.create.topics.enable", "false");
        try {
            Files.createDirectories(dataDir);
            Path file = dataDir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(file)) {
                props.store(out, "written by io.panzoto.infra.KafkaServer");
            }
            return file;
        } catch (IOException e) {
            throw new InfraException("could not write Kafka config under " + dataDir, e);
        }
    }

    /** Kafka cluster ids are 16 random bytes in unpadded URL-safe base64. */
    /** A random id; never one starting with '-', which kafka-storage would read as an option (as Kafka's Uuid does). */
    private static String newClusterId() {
        String id;
        do {
            id = Bytes.base64Url(SecureRandoms.bytes(16));
        } while (id.startsWith("-"));
        return id;
    }
}
