package io.panzoto.audio.transcription;

import static io.panzoto.audio.AudioTestSupport.newUser;

import io.panzoto.audio.PackagedAudio;
import io.panzoto.testing.PackagedService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/shutdown-soak}: starts the packaged audio-service N times, each with a transcription in
 * flight, and stops it with SIGTERM; every stop must end in a clean exit (no abort, no crash report).
 * Odd rounds give the job no grace (it is stopped mid-stream), even rounds the default grace (it
 * finishes first). Then one more replica must end every job exactly once.
 */
final class ShutdownSoak {
    private ShutdownSoak() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Map<String, String> config = PackagedAudio.config(Path.of("target", "shutdown-soak-work"));
        List<JobDriver.Job> jobs = new ArrayList<>();
        int failed = 0;
        for (int round = 1; round <= rounds; round++) {
            String grace = round % 2 == 1 ? "PT0.5S" : "PT20S";
            config.put("panzoto.audio.transcriber.shutdown-grace", grace);
            PackagedService audio = PackagedAudio.start("soak-" + round, config);
            try {
                JobDriver.Job job = JobDriver.startJob(audio, newUser(), 10);
                jobs.add(job);
                JobDriver.awaitStatus(audio, job, "transcribing", Duration.ofSeconds(120));
                long start = System.nanoTime();
                JobDriver.terminateCleanly(audio, Duration.ofSeconds(60));
                System.out.printf("round %d (grace %s): SIGTERM mid-job, clean exit in %.1f s%n", round, grace,
                        (System.nanoTime() - start) / 1e9);
            } catch (Throwable e) {
                failed++;
                System.out.printf("round %d (grace %s): FAILED %s%n", round, grace, e);
            } finally {
                audio.close();
            }
        }
        try (PackagedService audio = PackagedAudio.start("soak-final", config)) {
            for (JobDriver.Job job : jobs) {
                try {
                    JobDriver.assertTranscribedOnce(job, JobDriver.awaitStatus(audio, job, "done", Duration.ofSeconds(240)));
                } catch (Throwable e) {
                    failed++;
                    System.out.printf("job %s: FAILED %s%n", job.jobId(), e);
                }
            }
        }
        System.out.printf("%d SIGTERMs with a job in flight, %d jobs ended once each%n", rounds, jobs.size());
        System.out.printf("%d passed, %d failed%n", rounds + jobs.size() - failed, failed);
        System.exit(failed == 0 ? 0 : 1);
    }
}
