package io.panzoto.testing;

import io.panzoto.infra.ChildProcess;
import io.panzoto.infra.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's packaged jar run as its own process, as Kubernetes runs it: for tests that need another
 * real service, a second replica, or a process to kill mid-work.
 */
public final class PackagedService implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final ChildProcess process;
    private final String baseUrl;

    private PackagedService(ChildProcess process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts {@code jar} on a free port with {@code config} as system properties and waits until
     * {@code /q/health/ready} answers 200. Output goes to {@code target/<name>.log}.
     */
    public static PackagedService start(String name, String jar, Map<String, String> config) {
        return start(name, jar, config, "/q/health/ready");
    }

    /** The same, ready when {@code readyPath} on the HTTP port answers 200 (a gateway's health lives elsewhere). */
    public static PackagedService start(String name, String jar, Map<String, String> config, String readyPath) {
        if (jar == null || jar.isBlank()) {
            throw new IllegalStateException("no packaged jar given for " + name + " (is its module built?)");
        }
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar);
        ChildProcess process = ChildProcess.start(name, command, Path.of("target", name + ".log"), Map.of());
        PackagedService service = new PackagedService(process, "http://127.0.0.1:" + port);
        try {
            service.awaitReady(readyPath);
        } catch (RuntimeException | Error e) {
            process.kill();
            throw e;
        }
        return service;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ChildProcess process() {
        return process;
    }

    /** Kills the process as a crash or an evicted pod would: no shutdown hooks run. */
    public void kill() {
        process.kill();
    }

    /** Stops it as Kubernetes does (SIGTERM) and answers its exit status; fails if it outlives the grace. */
    public int terminate(Duration grace) {
        return process.terminate(grace);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(10));
    }

    private void awaitReady(String readyPath) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl + readyPath)).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            process.checkAlive();
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(process.name() + " did not become ready:\n" + process.tail(40));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
