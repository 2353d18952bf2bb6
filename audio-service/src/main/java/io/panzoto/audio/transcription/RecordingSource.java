package io.panzoto.audio.transcription;

import io.panzoto.audio.config.AudioConfig;
import io.panzoto.crypto.VerifiedPlaintext;
import io.panzoto.storage.ObjectStore;
import io.panzoto.storage.StorageException;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Streams a recording from S3 into a decryption, retrying what a retry can fix (S3 unreachable or
 * failing, a connection cut mid-stream) with a doubling wait. Decrypted audio lives only in the work
 * directory, which is emptied at start: a process killed mid-job leaves nothing behind for long.
 */
@ApplicationScoped
// The transcriber's beans; a build with panzoto.audio.transcriber.enabled=false (the native profile) leaves them out.
@IfBuildProperty(name = "panzoto.audio.transcriber.enabled", stringValue = "true", enableIfMissing = true)
class RecordingSource {
    private static final Logger LOG = Logger.getLogger(RecordingSource.class);

    private final ObjectStore store;
    private final Path workDir;
    private final int retries;
    private final Duration backoff;

    RecordingSource(ObjectStore store, AudioConfig config) {
        this.store = store;
        this.workDir = Path.of(config.transcriber().workDir()).toAbsolutePath();
        this.retries = config.transcriber().transientRetries();
        this.backoff = config.transcriber().retryBackoff();
    }

    /** Turns the ciphertext stream into verified plaintext in the given directory, or fails the job. */
    @FunctionalInterface
    interface Decryption {
        VerifiedPlaintext decrypt(InputStream ciphertext, Path workDir) throws Transcriber.JobFailedException;
    }

    VerifiedPlaintext decrypt(String s3Key, Decryption decryption) throws Transcriber.JobFailedException {
        for (int attempt = 0; ; attempt++) {
            try (InputStream ciphertext = store.open(s3Key)) {
                return decryption.decrypt(ciphertext, workDir);
            } catch (StorageException e) {
                switch (e.kind()) {
                    case MISSING -> throw new Transcriber.JobFailedException("object_missing", e);
                    case REFUSED -> throw new Transcriber.JobFailedException("storage_refused", e);
                    default -> waitOrGiveUp(attempt, e);
                }
            } catch (IOException | UncheckedIOException e) {
                waitOrGiveUp(attempt, e);
            }
        }
    }

    private void waitOrGiveUp(int attempt, Exception fault) throws Transcriber.JobFailedException {
        if (attempt >= retries) {
            throw new Transcriber.JobFailedException("storage_unavailable", fault);
        }
        Duration wait = backoff.multipliedBy(1L << attempt);
        LOG.warnf("reading a recording failed (%s); retry %d of %d in %d ms", fault.getClass().getSimpleName(), attempt + 1,
                retries, wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Transcriber.JobFailedException("interrupted", e);
        }
    }

    Path workDir() {
        return workDir;
    }

    /** Deletes plaintext a killed process left; its jobs are redone from Kafka. */
    void emptyWorkDir(@Observes StartupEvent start) throws IOException {
        Files.createDirectories(workDir);
        try (Stream<Path> leftovers = Files.list(workDir)) {
            leftovers.forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warnf("could not delete %s from the work directory", file.getFileName());
                }
            });
        }
    }
}
