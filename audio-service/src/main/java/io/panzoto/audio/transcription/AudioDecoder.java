package io.panzoto.audio.transcription;

import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes a recording (AMR-NB in .3gp, AAC in .m4a, WAV, or anything FFmpeg reads) to 16 kHz mono
 * signed 16-bit samples, a frame at a time, so memory stays flat however long the recording is.
 * FFmpeg comes from JavaCV's bundled build, so no system package is needed.
 */
final class AudioDecoder implements AutoCloseable {
    static final int SAMPLE_RATE = 16_000;
    /**
     * The demuxers of what phones record (3gp/m4a through "mov", WAV, raw AMR, Ogg/Opus, WebM, MP3, AAC,
     * FLAC). Playlists and scripts (hls, concat, ...) are refused: an uploaded one would make FFmpeg open
     * other files or URLs from inside the process that holds the job keys.
     */
    private static final String DEMUXERS = "mov,wav,amr,ogg,matroska,mp3,aac,flac";

    static {
        // FFmpeg writes straight to stderr; a stream it cannot decode fails the open or the read anyway,
        // and AMR-NB's decoder reports every damaged frame it conceals ("Corrupt bitstream").
        avutil.av_log_set_level(avutil.AV_LOG_FATAL);
    }

    /** The file is not audio FFmpeg can decode. */
    static final class UnsupportedAudioException extends Exception {
        UnsupportedAudioException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final FFmpegFrameGrabber grabber;
    private final long lengthMicros;
    private long positionMicros;
    private short[] buffer = new short[0];

    private AudioDecoder(FFmpegFrameGrabber grabber) {
        this.grabber = grabber;
        this.lengthMicros = Math.max(0, grabber.getLengthInTime());
    }

    static AudioDecoder open(Path file) throws UnsupportedAudioException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setSampleRate(SAMPLE_RATE);
        grabber.setAudioChannels(1);
        grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
        grabber.setOption("format_whitelist", DEMUXERS);
        grabber.setOption("protocol_whitelist", "file");
        try {
            grabber.start();
            if (!grabber.hasAudio()) {
                throw new UnsupportedAudioException("no audio stream", null);
            }
            return new AudioDecoder(grabber);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new UnsupportedAudioException("not decodable audio", e);
        }
    }

    /** The next run of samples, or null at the end; the array is reused, so use it before the next call. */
    Samples next() throws UnsupportedAudioException {
        try {
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                if (frame.samples == null || frame.samples.length == 0) {
                    continue;
                }
                ShortBuffer samples = (ShortBuffer) frame.samples[0];
                int count = samples.remaining();
                if (buffer.length < count) {
                    buffer = new short[count];
                }
                samples.get(buffer, 0, count);
                positionMicros = Math.max(positionMicros, frame.timestamp);
                return new Samples(buffer, count);
            }
            return null;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new UnsupportedAudioException("audio stream broke off", e);
        }
    }

    record Samples(short[] data, int count) {
    }

    /** How far decoding has come, 0 to 100, by the container's declared length. */
    int percent() {
        return lengthMicros <= 0 ? 0 : (int) Math.min(100, positionMicros * 100 / lengthMicros);
    }

    double seconds() {
        return Math.max(lengthMicros, positionMicros) / 1_000_000.0;
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // nothing more to release
        }
    }
}
