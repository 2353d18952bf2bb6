package io.panzoto.audio.transcription;

import java.util.UUID;
import java.util.function.IntConsumer;

/** Writes a job's transcription progress, at most every few percent or seconds: not one write per frame. */
final class ProgressReporter implements IntConsumer {
    private static final int STEP_PERCENT = 5;
    private static final long MIN_INTERVAL_NANOS = 2_000_000_000L;

    private final JobLedger ledger;
    private final UUID jobId;
    private int reported;
    private long reportedAt = System.nanoTime();

    ProgressReporter(JobLedger ledger, UUID jobId) {
        this.ledger = ledger;
        this.jobId = jobId;
    }

    @Override
    public void accept(int percent) {
        long now = System.nanoTime();
        if (percent >= reported + STEP_PERCENT && now - reportedAt >= MIN_INTERVAL_NANOS && percent < 100) {
            ledger.progress(jobId, JobStatus.TRANSCRIBING, percent);
            reported = percent;
            reportedAt = now;
        }
    }
}
