package io.panzoto.audio;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.audio.AndroidAudioV0;
import io.panzoto.crypto.stream.StreamingAeadV1;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The espeak-ng fixtures (made by src/test/fixtures/make-fixtures) and recordings built from them. */
public final class Recordings {
    public static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    /** The Vosk model the build unpacks. */
    public static final Path MODEL = Path.of("target/vosk-model/model-en-us");
    /** What every speech fixture says, as Vosk's small English model hears it. */
    public static final String[] SPOKEN_WORDS = {"milk", "bread", "tomorrow", "morning"};

    private Recordings() {
    }

    /**
     * Asserts that the transcript of a fixture holds the spoken words. AMR-NB (8 kHz, 12.2 kbit/s) loses
     * enough that Vosk's small model, whose float sums vary with the CPU's load, now and then mishears
     * one of them ("tomorrow" as "kumalo"): for {@code .3gp} one word may be missing, never more.
     */
    public static void assertHeard(String fixture, String transcript) {
        List<String> missing = Arrays.stream(SPOKEN_WORDS).filter(word -> !transcript.contains(word)).toList();
        int allowed = fixture.contains(".3gp") ? 1 : 0;
        if (missing.size() > allowed) {
            throw new AssertionError(fixture + ": " + missing + " missing from '" + transcript + "'");
        }
    }

    public static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(FIXTURES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encrypts as the Android app does (v0: IV || AES-256-GCM ciphertext || tag). */
    public static byte[] encryptV0(byte[] plaintext, SecretBytes key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            AndroidAudioV0.encrypt(new ByteArrayInputStream(plaintext), out, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A recording in the platform's v1 stream format (AAD = the object key), as a v1 client encrypts it. */
    public static byte[] encryptV1(byte[] plaintext, SecretBytes fileKey, String objectKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            StreamingAeadV1.encrypt(new ByteArrayInputStream(plaintext), out, fileKey,
                    objectKey.getBytes(StandardCharsets.UTF_8), StreamingAeadV1.DEFAULT_CHUNK_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A WAV of the spoken fixture said {@code times} times over: a longer recording for slow jobs. */
    public static byte[] repeatedSpeech(int times) {
        byte[] pcm = pcmOf(fixture("speech.wav"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(wavHeader(pcm.length * times));
        for (int i = 0; i < times; i++) {
            out.writeBytes(pcm);
        }
        return out.toByteArray();
    }

    /** The spoken fixture {@code times} times, each followed by a second of silence: utterances as people speak them. */
    public static byte[] speechWithPauses(int times) {
        byte[] pcm = pcmOf(fixture("speech.wav"));
        byte[] pause = new byte[16_000 * 2];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(wavHeader((pcm.length + pause.length) * times));
        for (int i = 0; i < times; i++) {
            out.writeBytes(pcm);
            out.writeBytes(pause);
        }
        return out.toByteArray();
    }

    /** A canonical 44-byte PCM WAV header: 16 kHz, mono, 16-bit. */
    public static byte[] wavHeader(int dataBytes) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE")).put(ascii("fmt "))
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000)
                .putShort((short) 2).putShort((short) 16).put(ascii("data")).putInt(dataBytes);
        return header.array();
    }

    /** The samples of a 16 kHz mono WAV: the body of its data chunk, whatever chunks come before. */
    private static byte[] pcmOf(byte[] wav) {
        ByteBuffer buffer = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(12);
        while (buffer.remaining() >= 8) {
            byte[] id = new byte[4];
            buffer.get(id);
            int size = buffer.getInt();
            if ("data".equals(new String(id, StandardCharsets.US_ASCII))) {
                byte[] pcm = new byte[Math.min(size, buffer.remaining())];
                buffer.get(pcm);
                return pcm;
            }
            buffer.position(buffer.position() + size + (size & 1));
        }
        throw new IllegalArgumentException("no data chunk in the WAV");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
