package io.panzoto.diary.entries;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Purges entries whose time in the trash is over (their history goes with them), hourly. */
@ApplicationScoped
public class TrashPurge {
    private static final Logger LOG = Logger.getLogger(TrashPurge.class);

    private final EntryService entries;

    public TrashPurge(EntryService entries) {
        this.entries = entries;
    }

    @Scheduled(identity = "diary-trash-purge", every = "${panzoto.diary.purge-interval:1h}", delayed = "1m")
    Uni<Void> purge() {
        return entries.purgeExpiredTrash()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("purged %d entries from the trash", count);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("the trash purge failed (%s); the next run retries", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
