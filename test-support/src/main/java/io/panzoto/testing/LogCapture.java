package io.panzoto.testing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line the service writes while open (message, parameters and any exception), so a test can
 * prove that no secret reached the log. Close it to stop capturing.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Fails with the offending line if any captured line contains any of the given strings. */
    public void assertNoneContain(List<String> secrets) {
        for (String line : lines) {
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    throw new AssertionError("a secret reached the log: " + line);
                }
            }
        }
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage() == null ? "" : record.getMessage();
        Object[] parameters = record.getParameters();
        lines.add(parameters == null ? message : message + " " + Arrays.toString(parameters));
        if (record.getThrown() != null) {
            lines.add(String.valueOf(record.getThrown()));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
