package io.panzoto.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port helpers: every server of the local stack binds 127.0.0.1 only. */
public final class Ports {
    public static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /** Below the kernel's ephemeral range: ports it never hands to an outgoing connection. */
    private static final int LOWEST = 20_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /**
     * A port that is free now, chosen below the kernel's ephemeral range where one is known. A port the
     * OS picks itself comes from that range, and between choosing it and a server binding it any
     * outgoing connection on the machine may take it (a broker failed to start so in CI); ports below
     * the range are only ever taken by an explicit bind.
     */
    public static int free() {
        int ephemeralLow = ephemeralLow();
        if (ephemeralLow > LOWEST + 1000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = LOWEST + ThreadLocalRandom.current().nextInt(ephemeralLow - LOWEST);
                if (isFree(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new InfraException("no free port on " + HOST, e);
        }
    }

    /** The first port of the kernel's ephemeral range, or 0 when it cannot be read (not Linux). */
    static int ephemeralLow() {
        try {
            // Read line by line: Files.readString trusts the size /proc reports and returns a fragment.
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the child listens on the port; fails early if it dies. */
    public static void awaitListening(ChildProcess child, int port, Duration timeout) {
        Wait.until(child.name() + " listening on " + HOST + ":" + port, timeout, () -> {
            child.checkAlive();
            return accepts(port);
        });
    }

    /** Polling with a deadline, for servers that take a moment to come up. */
    public static final class Wait {
        private Wait() {
        }

        public interface Condition {
            boolean met() throws Exception;
        }

        public static void until(String what, Duration timeout, Condition condition) {
            Instant deadline = Instant.now().plus(timeout);
            Exception last = null;
            while (Instant.now().isBefore(deadline)) {
                try {
                    if (condition.met()) {
                        return;
                    }
                } catch (InfraException e) {
                    throw e;
                } catch (Exception e) {
                    last = e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InfraException("interrupted while waiting for " + what, e);
                }
            }
            throw new InfraException("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + (last == null ? "" : " (last error: " + last.getMessage() + ")"), last);
        }
    }
}
