package io.panzoto.audio.transcription;

import static io.restassured.RestAssured.given;

import io.panzoto.audio.AudioTestSupport;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.audio.PackagedAudio;
import io.panzoto.audio.Recordings;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.audio.AndroidAudioV0;
import io.panzoto.testing.PackagedService;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Figures for docs/benchmarks.md (run by audio-service/bench/run), against the packaged service on
 * real servers: decryption MB/s and the service's peak RSS for a large object read from S3; Vosk's
 * real-time factor; seconds from decrypt-audio to transcript for a 10 s clip.
 */
public final class TranscriptionBenchmark {
    private static final Path BENCH = Path.of("target", "bench");

    private TranscriptionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mebibytes = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        Files.createDirectories(BENCH);
        realTimeFactor();
        Map<String, String> config = PackagedAudio.config(BENCH.resolve("work"));
        config.put("panzoto.audio.upload.max-bytes", Long.toString(2L << 30)); // room for 1 GiB plus the v0 overhead
        try (PackagedService audio = PackagedAudio.start("audio-bench", config)) {
            TestUser user = AudioTestSupport.newUser();
            largeObject(audio, user, mebibytes);
            endToEnd(audio, user, 5);
        }
        System.exit(0);
    }

    /** Vosk alone on the 10 s clip and on a minute of speech, after a warm-up. */
    private static void realTimeFactor() throws Exception {
        Path minute = Files.write(BENCH.resolve("minute.wav"), Recordings.repeatedSpeech(20));
        SpeechRecognizer recognizer = new SpeechRecognizer(Recordings.MODEL, Duration.ofSeconds(20));
        try {
            recognizer.transcribe(Recordings.FIXTURES.resolve("clip-10s.wav"), percent -> { });
            for (Path clip : List.of(Recordings.FIXTURES.resolve("clip-10s.wav"), minute)) {
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    SpeechRecognizer.Transcript transcript = recognizer.transcribe(clip, percent -> { });
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("RTF %s: %.1f s of audio in %.2f s -> real-time factor %.3f%n", clip.getFileName(),
                            transcript.audioSeconds(), seconds, seconds / transcript.audioSeconds());
                }
            }
        } finally {
            recognizer.close();
        }
    }

    /**
     * A large v0 file of random bytes streamed through the service's upload into S3, then through
     * decrypt-audio: the job decrypts it from S3 into the work directory (timed from status decrypting to
     * the next status), then fails as not audio. The service runs with a 384 MiB heap throughout.
     */
    private static void largeObject(PackagedService audio, TestUser user, int mebibytes) throws Exception {
        Path encrypted = BENCH.resolve("large.enc");
        try (SecretBytes key = user.fileKey(); OutputStream out = Files.newOutputStream(encrypted)) {
            AndroidAudioV0.encrypt(new RandomBytes((long) mebibytes << 20), out, key);
        }
        long size = Files.size(encrypted);
        long rssIdle = peakRssKiB(audio);
        long uploadStart = System.nanoTime();
        HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(audio.baseUrl() + "/api/v1/audio-files/upload?file_name=large.enc"))
                .header("Authorization", user.bearer()).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(encrypted)).build(), HttpResponse.BodyHandlers.ofString());
        double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
        if (uploaded.statusCode() != 201) {
            throw new IllegalStateException("upload: " + uploaded.statusCode() + " " + uploaded.body());
        }
        System.out.printf("stream a %d MiB upload through the service to S3: %.1f s -> %.0f MB/s; service peak RSS %d MiB idle, %d MiB after%n",
                mebibytes, uploadSeconds, size / 1e6 / uploadSeconds, rssIdle / 1024, peakRssKiB(audio) / 1024);
        Files.delete(encrypted);
        String fileId = JsonPath.from(uploaded.body()).getString("audio_file.id");
        long rssBefore = peakRssKiB(audio);
        String jobId = request(audio, user, fileId);
        long decryptStart = 0;
        long decryptEnd = 0;
        while (true) {
            String status = status(audio, user, jobId);
            long now = System.nanoTime();
            if (decryptStart == 0 && !"queued".equals(status)) {
                decryptStart = now;
            }
            if (!"queued".equals(status) && !"decrypting".equals(status)) {
                decryptEnd = now;
                break;
            }
            Thread.sleep(20);
        }
        double seconds = (decryptEnd - decryptStart) / 1e9;
        System.out.printf("decrypt %d MiB object from S3: %.1f s -> %.0f MB/s; service peak RSS %d MiB before, %d MiB after%n",
                mebibytes, seconds, size / 1e6 / seconds, rssBefore / 1024, peakRssKiB(audio) / 1024);
        given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).delete("/api/v1/audio-files/" + fileId);
    }

    /** Request to transcript for the 10 s clip (each run a new recording, so nothing is reused). */
    private static void endToEnd(PackagedService audio, TestUser user, int runs) throws Exception {
        double[] seconds = new double[runs];
        for (int run = 0; run < runs; run++) {
            String s3Key = user.key("clip-" + UUID.randomUUID() + ".wav.enc");
            byte[] encrypted;
            try (SecretBytes key = user.fileKey()) {
                encrypted = Recordings.encryptV0(Recordings.fixture("clip-10s.wav"), key);
            }
            AudioTestSupport.putObject(s3Key, encrypted);
            String fileId = register(audio, user, s3Key, encrypted.length);
            long start = System.nanoTime();
            String jobId = request(audio, user, fileId);
            String status;
            while (!"done".equals(status = status(audio, user, jobId))) {
                if ("failed".equals(status)) {
                    throw new IllegalStateException("the clip's job failed");
                }
                Thread.sleep(20);
            }
            seconds[run] = (System.nanoTime() - start) / 1e9;
            System.out.printf("end to end, 10 s clip, run %d: %.2f s%n", run + 1, seconds[run]);
        }
        Arrays.sort(seconds);
        System.out.printf("end to end, 10 s clip: median %.2f s, best %.2f s, worst %.2f s%n", seconds[runs / 2], seconds[0],
                seconds[runs - 1]);
    }

    private static String register(PackagedService audio, TestUser user, String s3Key, long size) {
        return given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("s3_key", s3Key, "file_size", size)).post("/api/audio-file")
                .then().statusCode(201).extract().path("audio_file.id");
    }

    private static String request(PackagedService audio, TestUser user, String fileId) {
        return given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("password", user.password(), "file_id", fileId)).post("/api/decrypt-audio")
                .then().statusCode(200).extract().path("job_id");
    }

    static String status(PackagedService audio, TestUser user, String jobId) {
        return given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).get("/api/v1/transcriptions/" + jobId)
                .then().statusCode(200).extract().path("status");
    }

    static long peakRssKiB(PackagedService audio) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(audio.process().pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Pseudo-random bytes of a given length, generated as read (no file of plaintext needed). */
    private static final class RandomBytes extends InputStream {
        private final Random random = new Random(42);
        private long remaining;

        RandomBytes(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            byte[] chunk = new byte[count];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, count);
            remaining -= count;
            return count;
        }
    }
}
