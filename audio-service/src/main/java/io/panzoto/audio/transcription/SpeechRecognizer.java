package io.panzoto.audio.transcription;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.audio.config.AudioConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Offline speech to text with Vosk (Kaldi) and its small English model. The model is loaded once, on
 * first use, and shared: Vosk models are thread-safe, each transcription has its own recognizer.
 * Blocking and CPU-heavy: call it on a worker thread.
 *
 * <p>It owns the model's native memory, so it also owns shutdown: {@link #close()} refuses new
 * transcriptions, lets running ones finish for a grace period, stops the rest at their next frame,
 * and frees the model exactly once, after the last recognizer is gone. Freeing it earlier let a
 * transcription that started during shutdown build a recognizer on freed memory, and the process
 * aborted at exit ("double free or corruption"); native code must also never be running while the
 * JVM exits.
 */
@ApplicationScoped
// The transcriber's beans; a build with panzoto.audio.transcriber.enabled=false (the native profile) leaves them out.
@IfBuildProperty(name = "panzoto.audio.transcriber.enabled", stringValue = "true", enableIfMissing = true)
public class SpeechRecognizer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpeechRecognizer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stopping at a frame boundary takes milliseconds; this bounds a recognizer stuck in native code. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private final Path modelPath;
    private final Duration shutdownGrace;
    private final Object lock = new Object();
    private Model model;                // guarded by lock
    private int running;                // guarded by lock
    private boolean closing;            // guarded by lock
    private volatile boolean stopping;  // read per frame: running transcriptions end now

    @Inject
    public SpeechRecognizer(AudioConfig config) {
        this(Path.of(config.transcriber().modelPath()), config.transcriber().shutdownGrace());
    }

    SpeechRecognizer(Path modelPath, Duration shutdownGrace) {
        this.modelPath = modelPath;
        this.shutdownGrace = shutdownGrace;
    }

    /** The words and how many seconds of audio they came from. */
    public record Transcript(String text, double audioSeconds) {
        @Override
        public String toString() {
            return "Transcript[" + audioSeconds + " s]";
        }
    }

    /** The service is shutting down: the transcription did not run, or was stopped before its end. */
    public static final class ClosedException extends RuntimeException {
        ClosedException(String message) {
            super(message);
        }
    }

    /**
     * Decodes and recognises the file; progress (0-100) is reported as decoding advances.
     *
     * @throws ClosedException when shutdown refused or stopped it: the job is not done, nor failed
     */
    public Transcript transcribe(Path audio, IntConsumer progress) throws AudioDecoder.UnsupportedAudioException {
        return transcribe(audio, Checkpoint.START, progress, checkpoint -> { });
    }

    /**
     * Where a transcription stands after a finished utterance: the samples of the decoded audio behind
     * it and the text recognised from them. A job stopped mid-way (a crash, a rollout) resumes from its
     * last checkpoint instead of from the start.
     */
    public record Checkpoint(long samples, String text) {
        public static final Checkpoint START = new Checkpoint(0, "");

        @Override
        public String toString() {
            return "Checkpoint[" + samples + " samples]";
        }
    }

    /**
     * Decodes and recognises the file from a checkpoint (the audio before it is decoded, not
     * recognised), reporting a new checkpoint after every utterance Vosk finishes.
     *
     * @throws ClosedException when shutdown refused or stopped it: the job is not done, nor failed
     */
    public Transcript transcribe(Path audio, Checkpoint from, IntConsumer progress, Consumer<Checkpoint> checkpoints)
            throws AudioDecoder.UnsupportedAudioException {
        Model shared = enter();
        try {
            return recognise(shared, audio, from, progress, checkpoints);
        } finally {
            leave();
        }
    }

    /** False once shutdown began: a caller should not start work that ends in a transcription. */
    public boolean accepting() {
        synchronized (lock) {
            return !closing;
        }
    }

    private Transcript recognise(Model shared, Path audio, Checkpoint from, IntConsumer progress, Consumer<Checkpoint> checkpoints)
            throws AudioDecoder.UnsupportedAudioException {
        StringBuilder text = new StringBuilder(from.text());
        long decoded = 0;
        try (AudioDecoder decoder = AudioDecoder.open(audio);
             Recognizer recognizer = new Recognizer(shared, AudioDecoder.SAMPLE_RATE)) {
            AudioDecoder.Samples samples;
            while ((samples = decoder.next()) != null) {
                if (stopping) {
                    throw new ClosedException("shutdown stopped the transcription");
                }
                long before = decoded;
                decoded += samples.count();
                if (decoded <= from.samples()) {
                    continue; // recognised by an earlier attempt
                }
                int skip = (int) Math.max(0, from.samples() - before);
                short[] fresh = skip == 0 ? samples.data() : Arrays.copyOfRange(samples.data(), skip, samples.count());
                if (recognizer.acceptWaveForm(fresh, samples.count() - skip)) {
                    append(text, recognizer.getResult());
                    checkpoints.accept(new Checkpoint(decoded, text.toString()));
                }
                progress.accept(decoder.percent());
            }
            append(text, recognizer.getFinalResult());
            return new Transcript(text.toString().trim(), decoder.seconds());
        } catch (IOException e) {
            throw new UncheckedIOException("the speech model could not start a recognizer", e);
        }
    }

    /** Counts a transcription in and hands it the model, loading it on first use. */
    private Model enter() {
        synchronized (lock) {
            Model shared = loadedModel();
            running++;
            return shared;
        }
    }

    private void leave() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    /** Loads the model now, so the first job does not wait for it (a warm-up may call this). */
    public void load() {
        synchronized (lock) {
            loadedModel();
        }
    }

    /** The model, loaded on first use; refused once shutdown began. Call holding the lock. */
    private Model loadedModel() {
        if (closing) {
            throw new ClosedException("the service is shutting down");
        }
        if (model == null) {
            model = load(modelPath);
        }
        return model;
    }

    private static Model load(Path modelPath) {
        if (!Files.isDirectory(modelPath.resolve("am"))) {
            throw new IllegalStateException("no Vosk model at " + modelPath + " (build audio-service to unpack it)");
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        try {
            return new Model(modelPath.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("the Vosk model at " + modelPath + " did not load", e);
        }
    }

    /** Shutdown begins here, while the database and Kafka are still up for jobs that finish in the grace. */
    void onShutdown(@Observes ShutdownEvent event) {
        close();
    }

    /**
     * Refuses new transcriptions, waits up to the grace for running ones, stops the rest at their next
     * frame, then frees the model once. Idempotent; safe from any thread.
     */
    @PreDestroy
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            if (!awaitIdle(shutdownGrace)) {
                LOG.infof("stopping %d transcription(s) still running after the %s grace; their jobs are redelivered", running,
                        shutdownGrace);
                stopping = true;
                if (!awaitIdle(STOP_PATIENCE)) {
                    // Freeing the model under a live recognizer is the crash this class exists to prevent;
                    // the process is ending, so the operating system reclaims the memory instead.
                    LOG.errorf("%d transcription(s) did not stop; the speech model is left to the operating system", running);
                    return;
                }
            }
            if (model != null) {
                model.close();
                model = null;
            }
        }
    }

    /** Waits, holding the lock between waits, until no transcription runs; false if time ran out. */
    private boolean awaitIdle(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        boolean interrupted = false;
        try {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void append(StringBuilder text, String resultJson) {
        try {
            String words = JSON.readTree(resultJson).path("text").asText("");
            if (!words.isBlank()) {
                text.append(text.length() == 0 ? "" : " ").append(words.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Vosk answered something that is not JSON", e);
        }
    }
}
