package io.panzoto.audio.transcription;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.audio.config.AudioConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Offline speech to text with Vosk (Kaldi) and its small English model. The model is loaded once, on
 * first use, and shared: Vosk models are thread-safe, each transcription has its own recognizer.
 * Blocking and CPU-heavy: call it on a worker thread.
 */
@ApplicationScoped
public class SpeechRecognizer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path modelPath;
    private volatile Model model;

    @Inject
    public SpeechRecognizer(AudioConfig config) {
        this(Path.of(config.transcriber().modelPath()));
    }

    SpeechRecognizer(Path modelPath) {
        this.modelPath = modelPath;
    }

    /** The words and how many seconds of audio they came from. */
    public record Transcript(String text, double audioSeconds) {
        @Override
        public String toString() {
            return "Transcript[" + audioSeconds + " s]";
        }
    }

    /** Decodes and recognises the file; progress (0-100) is reported as decoding advances. */
    public Transcript transcribe(Path audio, IntConsumer progress) throws AudioDecoder.UnsupportedAudioException {
        StringBuilder text = new StringBuilder();
        try (AudioDecoder decoder = AudioDecoder.open(audio);
             Recognizer recognizer = new Recognizer(model(), AudioDecoder.SAMPLE_RATE)) {
            AudioDecoder.Samples samples;
            while ((samples = decoder.next()) != null) {
                if (recognizer.acceptWaveForm(samples.data(), samples.count())) {
                    append(text, recognizer.getResult());
                }
                progress.accept(decoder.percent());
            }
            append(text, recognizer.getFinalResult());
            return new Transcript(text.toString().trim(), decoder.seconds());
        } catch (IOException e) {
            throw new UncheckedIOException("the speech model could not start a recognizer", e);
        }
    }

    /** Loads the model now (a readiness check or a warm-up may call this). */
    public Model model() {
        Model loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    if (!Files.isDirectory(modelPath.resolve("am"))) {
                        throw new IllegalStateException("no Vosk model at " + modelPath + " (build audio-service to unpack it)");
                    }
                    LibVosk.setLogLevel(LogLevel.WARNINGS);
                    try {
                        model = new Model(modelPath.toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException("the Vosk model at " + modelPath + " did not load", e);
                    }
                }
                loaded = model;
            }
        }
        return loaded;
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

    @PreDestroy
    void close() {
        if (model != null) {
            model.close();
        }
    }
}
