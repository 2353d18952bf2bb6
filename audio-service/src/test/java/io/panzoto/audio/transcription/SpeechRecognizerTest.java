package io.panzoto.audio.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.audio.Recordings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg decoding and Vosk recognition of the espeak-ng fixtures, in every format the app records. */
class SpeechRecognizerTest {
    private static SpeechRecognizer recognizer;

    @BeforeAll
    static void loadModel() {
        recognizer = new SpeechRecognizer(Recordings.MODEL, Duration.ofSeconds(20));
    }

    @AfterAll
    static void closeModel() {
        recognizer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"speech.wav", "speech.3gp", "speech.m4a"})
    void recognisesTheSpokenWordsInEachFormat(String fixture) throws Exception {
        List<Integer> progress = new ArrayList<>();
        SpeechRecognizer.Transcript transcript = recognizer.transcribe(Recordings.FIXTURES.resolve(fixture), progress::add);

        Recordings.assertHeard(fixture, transcript.text());
        assertTrue(transcript.audioSeconds() > 2 && transcript.audioSeconds() < 6, "length " + transcript.audioSeconds());
        assertTrue(progress.get(progress.size() - 1) >= 90, "progress reached " + progress.get(progress.size() - 1));
    }

    @Test
    void aFileThatIsNotAudioIsRefused(@TempDir Path dir) throws Exception {
        Path noise = Files.write(dir.resolve("noise.bin"), "this is a text file, not a recording".repeat(50).getBytes());
        assertThrows(AudioDecoder.UnsupportedAudioException.class, () -> recognizer.transcribe(noise, percent -> { }));
    }

    @Test
    void aPlaylistThatPointsAtLocalFilesIsRefusedNotFollowed(@TempDir Path dir) throws Exception {
        // An uploaded "recording" that is an HLS playlist or a concat script would make FFmpeg read other
        // files of the transcriber's machine (here a recording it may not see) and transcribe them.
        String target = Recordings.FIXTURES.resolve("speech.wav").toAbsolutePath().toString();
        Path hls = Files.writeString(dir.resolve("upload.bin"), "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n"
                + "#EXTINF:10.0,\nfile:" + target + "\n#EXT-X-ENDLIST\n");
        assertThrows(AudioDecoder.UnsupportedAudioException.class, () -> recognizer.transcribe(hls, percent -> { }));
        Files.copy(Recordings.FIXTURES.resolve("speech.wav"), dir.resolve("speech.wav"));
        Path concat = Files.writeString(dir.resolve("upload2.bin"), "ffconcat version 1.0\nfile speech.wav\n");
        assertThrows(AudioDecoder.UnsupportedAudioException.class, () -> recognizer.transcribe(concat, percent -> { }));
    }

    @Test
    void silenceGivesAnEmptyTranscript(@TempDir Path dir) throws Exception {
        byte[] header = Recordings.wavHeader(16_000 * 2);
        byte[] wav = new byte[header.length + 16_000 * 2];
        System.arraycopy(header, 0, wav, 0, header.length);
        Path silence = Files.write(dir.resolve("silence.wav"), wav);
        assertEquals("", recognizer.transcribe(silence, percent -> { }).text());
    }

    @Test
    void aTranscriptionResumedFromACheckpointEndsWithTheWholeTextNeitherRepeatedNorLost(@TempDir Path dir) throws Exception {
        Path minute = Files.write(dir.resolve("minute.wav"), Recordings.speechWithPauses(12));
        List<SpeechRecognizer.Checkpoint> checkpoints = new ArrayList<>();
        String whole = recognizer.transcribe(minute, SpeechRecognizer.Checkpoint.START, percent -> { }, checkpoints::add).text();
        assertTrue(checkpoints.size() >= 4, "an utterance ends every few seconds: " + checkpoints.size());
        SpeechRecognizer.Checkpoint middle = checkpoints.get(checkpoints.size() / 2);
        assertTrue(whole.startsWith(middle.text()), "a checkpoint's text is what came before it");

        List<SpeechRecognizer.Checkpoint> after = new ArrayList<>();
        String resumed = recognizer.transcribe(minute, middle, percent -> { }, after::add).text();
        assertTrue(resumed.startsWith(middle.text()), "the resumed text keeps what the stopped attempt recognised");
        assertTrue(after.get(0).samples() > middle.samples(), "recognition went on from the checkpoint, not from the start");
        for (String word : Recordings.SPOKEN_WORDS) {
            assertEquals(occurrences(whole, word), occurrences(resumed, word), word + " in\n" + whole + "\nvs\n" + resumed);
        }
    }

    private static int occurrences(String text, String word) {
        return text.split("\\b" + word + "\\b", -1).length - 1;
    }
}
