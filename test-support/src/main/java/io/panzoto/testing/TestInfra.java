package io.panzoto.testing;

import io.panzoto.infra.Infra;
import io.panzoto.infra.InfraException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The test JVM's one set of real servers. Quarkus may load test classes and test resources through
 * different class loaders, so the running servers are registered as a platform MBean and reached by
 * name with JDK types only: every loader sees the same broker, never a second one.
 */
public final class TestInfra {
    private static final ObjectName NAME = objectName();

    private TestInfra() {
    }

    /** What the registered MBean offers; only JDK types cross it. */
    public interface ControlMBean {
        String serviceConfig(String database);

        String kafkaBootstrapServers();

        void killKafka();

        void startKafka();

        void stopPostgres();

        void startPostgres();

        void stopS3();

        void startS3();
    }

    /** The configuration that points a service at the servers, with its own database created. */
    public static Map<String, String> serviceConfig(String database) {
        Properties props = new Properties();
        try {
            props.load(new StringReader((String) invoke("serviceConfig", database)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        props.stringPropertyNames().forEach(key -> config.put(key, props.getProperty(key)));
        return config;
    }

    public static String kafkaBootstrapServers() {
        return (String) invoke("kafkaBootstrapServers");
    }

    /** Kills the broker as a crash would. */
    public static void killKafka() {
        invoke("killKafka");
    }

    /** Starts the broker again on the same port with its data. */
    public static void startKafka() {
        invoke("startKafka");
    }

    /** Stops the database (fast shutdown: open connections are cut). */
    public static void stopPostgres() {
        invoke("stopPostgres");
    }

    /** Starts the database again on the same port with its data. */
    public static void startPostgres() {
        invoke("startPostgres");
    }

    /** Stops the S3 server: requests to it fail until {@link #startS3()}. */
    public static void stopS3() {
        invoke("stopS3");
    }

    /** Starts the S3 server again on the same port, with its objects. */
    public static void startS3() {
        invoke("startS3");
    }

    private static Object invoke(String operation, String... args) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ensureStarted(server);
        String[] signature = new String[args.length];
        Arrays.fill(signature, String.class.getName());
        try {
            return server.invoke(NAME, operation, args, signature);
        } catch (JMException e) {
            throw new IllegalStateException("test infrastructure call " + operation + " failed", e);
        }
    }

    private static void ensureStarted(MBeanServer server) {
        synchronized (server) { // the platform MBean server is one object for every class loader
            if (server.isRegistered(NAME)) {
                return;
            }
            Path root = Path.of("target", "test-infra", Long.toString(ProcessHandle.current().pid()));
            Infra infra = startWithFreshPortsOnACollision(root);
            Runtime.getRuntime().addShutdownHook(new Thread(infra::close, "stop-test-infra"));
            try {
                server.registerMBean(new StandardMBean(new Control(infra), ControlMBean.class), NAME);
            } catch (JMException e) {
                infra.close();
                throw new IllegalStateException("could not register the test infrastructure", e);
            }
        }
    }

    /**
     * Starts the servers; if one could not bind its port because something took it after it was chosen,
     * starts them again on other ports (three tries), in fresh directories.
     */
    private static Infra startWithFreshPortsOnACollision(Path root) {
        for (int attempt = 1; ; attempt++) {
            Path dir = attempt == 1 ? root : root.resolve("retry-" + attempt);
            try {
                return Infra.start(Infra.Options.forTests(dir.resolve("data"), dir.resolve("logs")));
            } catch (InfraException e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
                System.err.println("test infrastructure: a port was taken before its server bound it; starting again on others");
            }
        }
    }

    private static boolean portTaken(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("address already in use") || message.contains("failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private record Control(Infra infra) implements ControlMBean {
        @Override
        public String serviceConfig(String database) {
            Properties props = new Properties();
            props.putAll(infra.serviceConfig(database));
            StringWriter out = new StringWriter();
            try {
                props.store(out, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }

        @Override
        public String kafkaBootstrapServers() {
            return infra.kafka().bootstrapServers();
        }

        @Override
        public void killKafka() {
            infra.kafka().kill();
        }

        @Override
        public void startKafka() {
            infra.startKafka();
        }

        @Override
        public void stopPostgres() {
            infra.postgres().stop();
        }

        @Override
        public void startPostgres() {
            infra.startPostgres();
        }

        @Override
        public void stopS3() {
            infra.s3().stop();
        }

        @Override
        public void startS3() {
            infra.startS3();
        }
    }

    private static ObjectName objectName() {
        try {
            return new ObjectName("io.panzoto:type=TestInfra");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }
}
