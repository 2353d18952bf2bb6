package io.panzoto.diary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** diary-service settings (application.properties; the ticket key from the environment). */
@ConfigMapping(prefix = "panzoto.diary")
public interface DiaryConfig {
    /** Base64 of the X25519 secret key that opens data-key tickets (its public half is auth-service's to seal to). */
    String ticketPrivateKey();

    /** The largest entry body, plaintext (uce) or ciphertext (e2e), in bytes: beyond it 413. */
    @WithDefault("65536")
    int maxEntryBytes();

    /** How long a deleted entry stays in the trash before it is purged. */
    @WithDefault("P30D")
    Duration trashRetention();

    @WithDefault("20")
    int defaultPageSize();

    @WithDefault("100")
    int maxPageSize();

    Media media();

    /** Photos, audio and video (media.*). */
    interface Media {
        /** Each e2e user's storage for media, in bytes (what S3 holds: ciphertext and thumbnails). */
        @WithDefault("1073741824")
        long e2eQuotaBytes();

        /** Each uce user's storage for media, in bytes. */
        @WithDefault("1073741824")
        long uceQuotaBytes();

        /** One upload part in memory while streaming to S3 (S3's multipart minimum is 5 MiB). */
        @WithDefault("8388608")
        int partBytes();

        /** The plaintext chunk of a uce file's v1 sealing: the granularity of ranged reads. */
        @WithDefault("65536")
        int chunkBytes();

        /** How long a presigned upload or download URL works (e2e clients). */
        @WithDefault("PT15M")
        Duration presignedUrlLife();

        /** uce images up to this size get a thumbnail (decoding holds the image in memory, subsampled). */
        @WithDefault("41943040")
        long thumbnailSourceMaxBytes();

        default long quotaBytes(String tier) {
            return "uce".equals(tier) ? uceQuotaBytes() : e2eQuotaBytes();
        }
    }

    Facebook facebook();

    /**
     * The Facebook app (facebook.*): without an app id and secret the integration is off (409
     * {@code facebook_unavailable}). Graph API calls go to the REST client {@code facebook-graph}.
     */
    interface Facebook {
        java.util.Optional<String> appId();

        java.util.Optional<String> appSecret();

        /** Where Facebook sends the browser back: this service's callback behind the gateway. */
        @WithDefault("http://localhost:8080/api/v1/diary/integrations/facebook/callback")
        String redirectUri();

        @WithDefault("https://www.facebook.com/v21.0/dialog/oauth")
        String authorizeUrl();

        /** Posts to import, Pages to publish to. */
        @WithDefault("user_posts,pages_show_list,pages_manage_posts")
        String scopes();

        /** How long a started authorization may take. */
        @WithDefault("PT10M")
        Duration authorizationLife();

        /** Posts asked of Graph a page (Graph's most is 100). */
        @WithDefault("100")
        int importPageSize();

        /** At this percentage of the app's Graph allowance (X-App-Usage) an import pauses before its next call. */
        @WithDefault("90")
        int usagePauseAt();

        @WithDefault("PT5M")
        Duration usagePause();

        /** How often the scheduled sync asks for an import of each connected account ("off" in tests). */
        @WithDefault("6h")
        String syncEvery();

        /** The largest "Download Your Information" posts file taken, in bytes. */
        @WithDefault("268435456")
        long maxExportBytes();

        /** A publication claimed this long ago and never finished (a crash) may be tried again. */
        @WithDefault("PT2M")
        Duration publishClaimLife();
    }
}
