package io.panzoto.audio.transcription;

import static io.panzoto.audio.AudioTestSupport.newUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Issue #24: a v1 upload's job killed mid-transcription resumes from its last checkpoint (the text of
     * the utterances already recognised, sealed under the file key) instead of from the start, and ends
     * with every utterance once: none repeated, none lost.
     */
    @Test
    void anUploadJobKilledMidTranscriptionResumesFromItsCheckpoint() throws Exception {
        int utterances = 40;
        audio = PackagedAudio.start("audio-resume", PackagedAudio.config(WORK_DIR));
        JobDriver.UploadJob upload = JobDriver.startUploadJob(audio, newUser(), utterances);
        JobDriver.Job job = upload.job();
        // Far enough in that several utterances have been checkpointed (every 2 s at most).
        JobDriver.awaitProgress(audio, job, 40, Duration.ofSeconds(180));
        audio.kill();
        audio = PackagedAudio.start("audio-after-resume", PackagedAudio.config(WORK_DIR));

        JsonPath done = JobDriver.awaitStatus(audio, job, "done", Duration.ofSeconds(240));
        assertEquals(2, done.getInt("attempts"), "the killed attempt and the one that resumed");
        String log = Files.readString(audio.process().logFile());
        assertTrue(log.contains("job " + job.jobId() + ": attempt 2 resumes at"), "the second attempt resumed:\n" + audio.process().tail(30));
        String text = JobDriver.transcriptOf(upload, done);
        for (String word : List.of("milk", "bread")) {
            int heard = text.split("\\b" + word + "\\b", -1).length - 1;
            assertTrue(heard >= utterances - 2 && heard <= utterances, word + " heard " + heard + " times in " + utterances
                    + " utterances: none repeated, none lost\n" + text);
        }
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
