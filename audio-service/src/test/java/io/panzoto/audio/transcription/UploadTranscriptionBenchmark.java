package io.panzoto.audio.transcription;

import static io.restassured.RestAssured.given;

import io.panzoto.audio.AudioTestSupport;
import io.panzoto.audio.AudioTestSupport.TestUser;
import io.panzoto.audio.PackagedAudio;
import io.panzoto.audio.Recordings;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.envelope.SealedFileKey;
import io.panzoto.testing.PackagedService;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Issue #24's figure (audio-service/bench/v1-upload): a 60 s v1 recording whose upload carried its file
 * key sealed to the transcriber, from the registration's answer (upload complete) to the job's status
 * {@code done}, against the packaged service on real servers. Goal: under 10 s on 2 cores.
 */
public final class UploadTranscriptionBenchmark {
    private static final Path BENCH = Path.of("target", "bench");
    /** speech.wav is 3 s: twenty of it are a minute. */
    private static final int MINUTE = 20;

    private UploadTranscriptionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Files.createDirectories(BENCH);
        byte[] minute = Recordings.repeatedSpeech(MINUTE);
        try (PackagedService audio = PackagedAudio.start("audio-bench-v1", PackagedAudio.config(BENCH.resolve("work-v1")))) {
            TestUser user = AudioTestSupport.newUser();
            JsonPath published = given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).get("/api/v1/transcriber-key")
                    .then().statusCode(200).extract().jsonPath();
            byte[] transcriberKey = Bytes.fromBase64(published.getString("public_key"));
            double[] seconds = new double[runs + 1];
            for (int run = 0; run <= runs; run++) {
                String s3Key = user.key("minute-" + UUID.randomUUID() + ".wav.v1");
                byte[] encrypted;
                String sealed;
                try (SecretBytes fileKey = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
                    encrypted = Recordings.encryptV1(minute, fileKey, s3Key);
                    sealed = Base64.getEncoder().encodeToString(SealedFileKey.seal(fileKey, s3Key, transcriberKey));
                }
                AudioTestSupport.putObject(s3Key, encrypted);
                long start = System.nanoTime();
                String jobId = given().baseUri(audio.baseUrl()).header("Authorization", user.bearer()).contentType(ContentType.JSON)
                        .body(Map.of("s3_key", s3Key, "file_size", encrypted.length, "format", "v1", "sealed_file_key", sealed,
                                "transcriber_key_id", published.getString("key_id")))
                        .post("/api/audio-file").then().statusCode(201).extract().path("transcription.job_id");
                String status;
                while (!"done".equals(status = TranscriptionBenchmark.status(audio, user, jobId))) {
                    if ("failed".equals(status)) {
                        throw new IllegalStateException("the minute's job failed");
                    }
                    Thread.sleep(20);
                }
                seconds[run] = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s 60 s v1 recording, upload complete to transcript ready: %.2f s%n", run == 0 ? "warm-up" : "run " + run,
                        seconds[run]);
            }
            double[] measured = Arrays.copyOfRange(seconds, 1, runs + 1);
            Arrays.sort(measured);
            System.out.printf("60 s v1 recording, upload complete to transcript ready (%d runs after a warm-up): median %.2f s, best %.2f s, "
                    + "worst %.2f s; service peak RSS %d MiB%n", runs, measured[runs / 2], measured[0], measured[runs - 1],
                    TranscriptionBenchmark.peakRssKiB(audio) / 1024);
        }
        System.exit(0);
    }
}
