package io.panzoto.diary.media;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Each user's media storage against their tier's quota: the bytes S3 holds for them (stored files and
 * thumbnails) plus the reservations of presigned uploads not yet stored and not expired. A streamed
 * upload is cut when it would cross the quota, and checked again when it is registered, under a lock
 * per user, so concurrent uploads cannot both squeeze past it.
 */
@ApplicationScoped
public class MediaQuota {
    private static final String USED = "SELECT CAST(COALESCE(SUM(CASE WHEN status = 'stored' THEN COALESCE(stored_bytes, 0) + COALESCE(thumbnail_bytes, 0)"
            + " ELSE reserved_bytes END), 0) AS BIGINT) FROM media WHERE user_id = :user AND (status = 'stored' OR expires_at > now())";
    private static final String LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:user, 19))) AS locked";

    private final DiaryConfig.Media config;

    public MediaQuota(DiaryConfig config) {
        this.config = config.media();
    }

    /** {@code GET /api/v1/diary/usage}. */
    public record Usage(@JsonProperty("used") long used, @JsonProperty("limit") long limit) {
        @JsonProperty("available")
        public long available() {
            return Math.max(0, limit - used);
        }
    }

    public Uni<Usage> usage(UUID userId, String tier) {
        return used(userId).map(used -> new Usage(used, config.quotaBytes(tier)));
    }

    /** The bytes this user may still store; 413 {@code quota_exceeded} when a declared size does not fit. */
    Uni<Long> allowance(UUID userId, String tier, Long declaredBytes) {
        return usage(userId, tier).map(usage -> {
            if (usage.available() == 0 || declaredBytes != null && declaredBytes > usage.available()) {
                throw exceeded(usage);
            }
            return usage.available();
        });
    }

    /** Within the caller's transaction: locks the user's accounting, then fails 413 if {@code adding} more bytes would cross the quota. */
    Uni<Void> admit(UUID userId, String tier, long adding) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(LOCK, Integer.class).setParameter("user", userId.toString()).getSingleResult())
                .chain(() -> usage(userId, tier))
                .invoke(usage -> {
                    if (usage.used() + adding > usage.limit()) {
                        throw exceeded(usage);
                    }
                }).replaceWithVoid();
    }

    private Uni<Long> used(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(USED, Long.class).setParameter("user", userId)
                .getSingleResult());
    }

    static ApiException exceeded(Usage usage) {
        return new ApiException(413, "quota_exceeded", "this would pass your media storage of " + usage.limit() + " bytes ("
                + usage.used() + " used); delete some media first");
    }
}
