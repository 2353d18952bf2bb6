package io.panzoto.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process this launcher started, with its output in one log file, stopped with its whole tree. */
public final class ChildProcess {
    private final String name;
    private final Path logFile;
    private final Process process;

    private ChildProcess(String name, Path logFile, Process process) {
        this.name = name;
        this.logFile = logFile;
        this.process = process;
    }

    public static ChildProcess start(String name, List<String> command, Path logFile, Map<String, String> env) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().putAll(env);
            return new ChildProcess(name, logFile, builder.start());
        } catch (IOException e) {
            throw new InfraException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Runs a short command to completion; fails with its output when it exits non-zero. */
    public static void runToCompletion(String name, List<String> command, Path logFile, Duration timeout) {
        ChildProcess child = start(name, command, logFile, Map.of());
        try {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.stop(Duration.ofSeconds(5));
                throw new InfraException(name + " did not finish within " + timeout + "; see " + logFile);
            }
            if (child.process.exitValue() != 0) {
                throw new InfraException(name + " failed (exit " + child.process.exitValue() + "):\n" + child.tail(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while running " + name, e);
        }
    }

    /** Asks the process to stop (SIGTERM, or the signal given), then kills what is left of its tree. */
    public void stop(Duration grace) {
        stop(grace, null);
    }

    public void stop(Duration grace, String signal) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (signal == null) {
            process.destroy();
        } else {
            sendSignal(signal);
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * SIGTERM, as Kubernetes stops a pod, and the exit status once the process ended by itself;
     * fails (after killing it) if it is still running when the grace is over.
     */
    public int terminate(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new InfraException(name + " did not stop within " + grace + " of SIGTERM:\n" + tail(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new InfraException("interrupted while " + name + " stopped", e);
        }
        return process.exitValue();
    }

    /** Kills the process at once, as a crash would. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendSignal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log, to explain a failure. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    /** Fails fast, with the log tail, when the process has already died while we wait for it. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new InfraException(name + " exited with " + process.exitValue() + "; last lines of " + logFile + ":\n" + tail(30));
        }
    }
}
