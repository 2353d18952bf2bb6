package io.panzoto.audio.transcription;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.panzoto.audio.AudioTestSupport.TestUser;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;

/** Follows a transcription job through the client's route until it reaches a status. */
final class JobPolling {
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private JobPolling() {
    }

    /** The job once it has the status; fails if it ends otherwise or is still going after {@link #JOB_TIMEOUT}. */
    static JsonPath awaitJob(TestUser user, String jobId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonPath job;
        do {
            job = given().header("Authorization", user.bearer()).get("/api/v1/transcriptions/" + jobId)
                    .then().statusCode(200).extract().jsonPath();
            if (status.equals(job.getString("status"))) {
                return job;
            }
            assertFalse(List.of("done", "failed").contains(job.getString("status")), "job ended " + job.prettify());
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + jobId + " is still " + job.getString("status"));
    }
}
