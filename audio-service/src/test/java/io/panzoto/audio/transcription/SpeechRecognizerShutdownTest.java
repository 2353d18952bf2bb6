package io.panzoto.audio.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.audio.Recordings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shutdown of the native speech model. Before the fix, close() freed the model while transcriptions
 * were running or about to start: the next {@code vosk_recognizer_new} read freed memory and the JVM
 * died (SIGSEGV in libc, or "double free or corruption" when the recognizer released it again at exit).
 */
class SpeechRecognizerShutdownTest {
    private static final Path SPEECH = Recordings.FIXTURES.resolve("speech.wav");
    private static final Path TEN_SECONDS = Recordings.FIXTURES.resolve("clip-10s.wav");

    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopWorkers() throws InterruptedException {
        workers.shutdownNow();
        assertTrue(workers.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void closingWhileTranscriptionsRunAndStartNeverFreesTheModelUnderThem() throws Exception {
        for (int round = 0; round < 6; round++) {
            // No grace in odd rounds: running transcriptions are stopped mid-stream rather than finished.
            SpeechRecognizer recognizer = new SpeechRecognizer(Recordings.MODEL, Duration.ofSeconds(round % 2 == 0 ? 20 : 0));
            recognizer.load();
            List<Future<Throwable>> loops = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                loops.add(workers.submit(() -> transcribeUntilRefused(recognizer)));
            }
            Thread.sleep(100 + round * 90L);
            recognizer.close();
            for (Future<Throwable> loop : loops) {
                Throwable ending = loop.get(60, TimeUnit.SECONDS);
                assertInstanceOf(SpeechRecognizer.ClosedException.class, ending, "a loop ended with " + ending);
            }
            assertFalse(recognizer.accepting());
        }
    }

    /** Transcribes until shutdown refuses; every transcript on the way must be right. */
    private static Throwable transcribeUntilRefused(SpeechRecognizer recognizer) {
        while (true) {
            try {
                Recordings.assertHeard("speech.wav", recognizer.transcribe(SPEECH, percent -> { }).text());
            } catch (Throwable e) {
                return e;
            }
        }
    }

    @Test
    void aTranscriptionRunningAtShutdownFinishesWithinTheGraceAndCloseWaitsForIt() throws Exception {
        SpeechRecognizer recognizer = new SpeechRecognizer(Recordings.MODEL, Duration.ofSeconds(60));
        CountDownLatch underWay = new CountDownLatch(1);
        Future<SpeechRecognizer.Transcript> running = workers.submit(() -> recognizer.transcribe(TEN_SECONDS, percent -> underWay.countDown()));
        assertTrue(underWay.await(30, TimeUnit.SECONDS));

        recognizer.close();

        assertTrue(running.isDone(), "close() returned before the running transcription ended");
        SpeechRecognizer.Transcript transcript = running.get();
        assertTrue(transcript.audioSeconds() > 9, "the whole clip was transcribed: " + transcript.audioSeconds());
        assertFalse(transcript.text().isBlank());
        assertThrows(SpeechRecognizer.ClosedException.class, () -> recognizer.transcribe(SPEECH, percent -> { }));
        assertThrows(SpeechRecognizer.ClosedException.class, recognizer::load);
    }

    @Test
    void pastTheGraceARunningTranscriptionStopsAtItsNextFrame() throws Exception {
        SpeechRecognizer recognizer = new SpeechRecognizer(Recordings.MODEL, Duration.ZERO);
        CountDownLatch underWay = new CountDownLatch(1);
        CompletableFuture<Throwable> ending = new CompletableFuture<>();
        workers.submit(() -> {
            try {
                recognizer.transcribe(TEN_SECONDS, percent -> underWay.countDown());
                ending.complete(null);
            } catch (Throwable e) {
                ending.complete(e);
            }
        });
        assertTrue(underWay.await(30, TimeUnit.SECONDS));

        recognizer.close();

        assertTrue(ending.isDone(), "close() returned while the transcription still ran");
        assertInstanceOf(SpeechRecognizer.ClosedException.class, ending.get());
    }

    @Test
    void closeIsIdempotentAndAnUnusedRecognizerClosesWithoutLoading() {
        SpeechRecognizer never = new SpeechRecognizer(Path.of("no-such-model"), Duration.ofSeconds(1));
        never.close();
        never.close();

        SpeechRecognizer used = new SpeechRecognizer(Recordings.MODEL, Duration.ofSeconds(1));
        assertEquals("", transcribeSilence(used));
        used.close();
        used.close();
        assertThrows(SpeechRecognizer.ClosedException.class, () -> used.transcribe(SPEECH, percent -> { }));
    }

    private static String transcribeSilence(SpeechRecognizer recognizer) {
        try {
            Path silence = Files.createTempFile("silence", ".wav");
            byte[] header = Recordings.wavHeader(16_000);
            byte[] wav = new byte[header.length + 16_000];
            System.arraycopy(header, 0, wav, 0, header.length);
            Files.write(silence, wav);
            try {
                return recognizer.transcribe(silence, percent -> { }).text();
            } finally {
                Files.delete(silence);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
