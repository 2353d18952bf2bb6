package io.panzoto.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real S3-compatible server: s3proxy with its filesystem backend, in its own JVM. It checks AWS
 * signatures (v2 and v4) against one access key, as S3 does; each bucket is a directory.
 */
public final class S3Server {
    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private ChildProcess process;

    public S3Server(Path dataDir, Path logDir, int port, String accessKey, String secretKey) {
        this.dataDir = dataDir.toAbsolutePath();
        this.logDir = logDir;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public String endpoint() {
        return "http://" + Ports.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public synchronized void start(InfraClasspath classpath) {
        Path blobs = dataDir.resolve("blobs");
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", endpoint());
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", accessKey);
        props.setProperty("s3proxy.credential", secretKey);
        props.setProperty("jclouds.provider", "filesystem-nio2");
        props.setProperty("jclouds.identity", accessKey);
        props.setProperty("jclouds.credential", secretKey);
        props.setProperty("jclouds.filesystem.basedir", blobs.toString());
        Path config = dataDir.resolve("s3proxy.properties");
        try {
            Files.createDirectories(blobs);
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "written by io.panzoto.infra.S3Server");
            }
        } catch (IOException e) {
            throw new InfraException("could not write s3proxy config under " + dataDir, e);
        }
        process = ChildProcess.start("s3proxy", List.of(
                InfraClasspath.javaExecutable(), "-Xms64m", "-Xmx512m",
                "-Dlogback.configurationFile=" + ChildLogging.configFile(dataDir),
                "-cp", classpath.asArgument(), "org.gaul.s3proxy.Main", "--properties", config.toString()),
                logDir.resolve("s3proxy.log"), Map.of());
        Ports.awaitListening(process, port, Duration.ofSeconds(60));
    }

    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(15));
            process = null;
        }
    }

    /**
     * With the filesystem backend a bucket is a directory under the base directory; s3proxy reads a
     * world-readable directory as a public-read bucket, so the directory is private to its owner.
     */
    public void createBucket(String bucket) {
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("not a valid S3 bucket name: " + bucket);
        }
        try {
            Path directory = Files.createDirectories(dataDir.resolve("blobs").resolve(bucket));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new InfraException("could not create bucket " + bucket, e);
        }
    }
}
