package io.panzoto.diary.imports;

import io.panzoto.diary.config.DiaryConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The scheduled sync (quarkus-scheduler, every {@code panzoto.diary.facebook.sync-every}): queues a Graph
 * import for each connected account with an inbox key that has had none for that long. Replicas may all
 * run it: the one-unfinished-job index lets only one job per account be queued.
 */
@ApplicationScoped
public class ImportSchedule {
    private static final Logger LOG = Logger.getLogger(ImportSchedule.class);
    private static final int MAX_PER_RUN = 1000;
    private static final String DUE = "SELECT a.user_id FROM integration_accounts a JOIN inbox_keys k ON k.user_id = a.user_id"
            + " WHERE a.provider = 'facebook' AND NOT EXISTS (SELECT 1 FROM import_jobs j WHERE j.user_id = a.user_id"
            + " AND j.provider = 'facebook' AND j.kind = 'graph' AND (j.status IN ('queued', 'running') OR j.created_at > ?1))"
            + " ORDER BY a.connected_at LIMIT " + MAX_PER_RUN;

    private final ImportJobs jobs;
    private final Duration every;

    public ImportSchedule(ImportJobs jobs, DiaryConfig config) {
        this.jobs = jobs;
        this.every = interval(config.facebook().syncEvery());
    }

    @Scheduled(identity = "diary-facebook-sync", every = "${panzoto.diary.facebook.sync-every:6h}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sync() {
        return requestDue(Instant.now().minus(every == null ? Duration.ofHours(6) : every)).invoke(count -> {
                    if (count > 0) {
                        LOG.infof("the scheduled sync queued %d imports", count);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("the scheduled sync failed (%s); the next run retries", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Queues an import for each account with none since the cutoff; answers how many. */
    public Uni<Integer> requestDue(Instant cutoff) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(DUE, UUID.class)
                        .setParameter(1, cutoff).getResultList()))
                .chain(users -> users.isEmpty() ? Uni.createFrom().item(0) : Multi.createFrom().iterable(users)
                        .onItem().transformToUniAndConcatenate(user -> jobs.queue(user, ImportService.FACEBOOK, "schedule"))
                        .collect().asList().map(List::size));
    }

    /** The schedule's interval as the scheduler reads it ("6h", "PT6H"); null for "off" or "disabled". */
    static Duration interval(String every) {
        String value = every.trim().toLowerCase(Locale.ROOT);
        return value.equals("off") || value.equals("disabled") ? null : DurationConverter.parseDuration(value);
    }
}
