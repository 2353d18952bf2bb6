package io.panzoto.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/** Loopback port helpers: every server of the local stack binds 127.0.0.1 only. */
public final class Ports {
    public static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /** A port that is free now (the OS picks it). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new InfraException("no free port on " + HOST, e);
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
