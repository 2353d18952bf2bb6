package io.panzoto.diary.entries;

import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.diary.media.MediaService;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Purges entries whose time in the trash is over (their history and media go with them), hourly. */
@ApplicationScoped
public class TrashPurge {
    private static final Logger LOG = Logger.getLogger(TrashPurge.class);

    private final EntryService entries;
    private final MediaService media;
    private final DiaryConfig config;

    public TrashPurge(EntryService entries, MediaService media, DiaryConfig config) {
        this.entries = entries;
        this.media = media;
        this.config = config;
    }

    @Scheduled(identity = "diary-trash-purge", every = "${panzoto.diary.purge-interval:1h}", delayed = "1m")
    Uni<Void> purge() {
        // The entries' media first, while they still name their entry; abandoned presigned uploads too.
        return media.purge(Instant.now().minus(config.trashRetention()))
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("purged %d media files", count);
                    }
                })
                .chain(entries::purgeExpiredTrash)
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("purged %d entries from the trash", count);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("the trash purge failed (%s); the next run retries", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
