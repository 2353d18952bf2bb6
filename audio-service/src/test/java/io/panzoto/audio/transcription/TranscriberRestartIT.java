package io.panzoto.audio.transcription;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panzoto.audio.PackagedAudio;
import io.panzoto.testing.PackagedService;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service stopped while it transcribes, killed (SIGKILL, as an evicted pod) or stopped
 * (SIGTERM, as a rollout): the request was not committed, so the restarted service gets it again,
 * redoes the job and ends it once; and a stopped service exits cleanly, never in native code.
 */
class TranscriberRestartIT {
    private static final Path WORK_DIR = Path.of("target", "restart-it-work").toAbsolutePath();

    private PackagedService audio;

    @AfterEach
    void stopService() {
        if (audio != null) {
            audio.close();
        }
    }

    @Test
    void aJobCutShortByACrashIsRedoneAndEndsOnce() throws Exception {
        stopMidJobThenRestart(PackagedAudio.config(WORK_DIR), "crash", () -> audio.kill());
    }

    @Test
    void aJobRunningAtSigtermIsStoppedCleanlyAndRedoneByTheNextReplica() throws Exception {
        Map<String, String> config = new HashMap<>(PackagedAudio.config(WORK_DIR));
        // Far less grace than the job needs: the transcription is stopped mid-stream, not finished.
        config.put("panzoto.audio.transcriber.shutdown-grace", "PT0.5S");
        stopMidJobThenRestart(config, "sigterm", () -> JobDriver.terminateCleanly(audio, Duration.ofSeconds(30)));
    }

    /** A long job stopped while it transcribes is redone by the next replica: attempt 2 ends it, once. */
    private void stopMidJobThenRestart(Map<String, String> config, String name, Stop stop) throws Exception {
        audio = PackagedAudio.start("audio-" + name, config);
        JobDriver.Job job = JobDriver.startJob(audio, newUser(), 40);

        JobDriver.awaitStatus(audio, job, "transcribing", Duration.ofSeconds(120));
        stop.run();
        audio = PackagedAudio.start("audio-after-" + name, config);

        JsonPath done = JobDriver.awaitStatus(audio, job, "done", Duration.ofSeconds(240));
        assertEquals(2, done.getInt("attempts"), "the stopped attempt and the one that finished");
        JobDriver.assertTranscribedOnce(job, done);
        assertWorkDirEmpty();
    }

    private interface Stop {
        void run() throws Exception;
    }

    @Test
    void aJobRunningAtSigtermFinishesWithinTheGraceBeforeTheProcessExits() throws Exception {
        audio = PackagedAudio.start("audio-drain", PackagedAudio.config(WORK_DIR));
        JobDriver.Job job = JobDriver.startJob(audio, newUser(), 10);

        JobDriver.awaitStatus(audio, job, "transcribing", Duration.ofSeconds(120));
        JobDriver.terminateCleanly(audio, Duration.ofSeconds(30));
        audio = PackagedAudio.start("audio-after-drain", PackagedAudio.config(WORK_DIR));

        JsonPath done = JobDriver.awaitStatus(audio, job, "done", Duration.ofSeconds(5));
        assertEquals(1, done.getInt("attempts"), "the job ended in the stopping replica's grace");
        JobDriver.assertTranscribedOnce(job, done);
    }

    private static void assertWorkDirEmpty() throws Exception {
        try (Stream<Path> left = Files.list(WORK_DIR)) {
            assertEquals(List.of(), left.toList(), "no decrypted audio survives the stop");
        }
    }
}
