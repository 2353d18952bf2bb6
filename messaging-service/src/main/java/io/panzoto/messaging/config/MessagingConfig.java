package io.panzoto.messaging.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** messaging-service settings (application.properties; the pepper from the environment). */
@ConfigMapping(prefix = "panzoto.messaging")
public interface MessagingConfig {
    /** Base64 of at least 32 bytes: keys the stored hashes of link, fetch and challenge tokens. */
    String tokenPepper();

    /** Where links point: the gateway's public address ({@code <base>/l/<link_token>}). */
    String publicBaseUrl();

    Simplex simplex();

    Sessions sessions();

    Files files();

    /** Files in SecureSessions: client-encrypted blobs in S3 under {@code sessions/<session>/}. */
    interface Files {
        /** Largest file, in bytes. */
        @WithDefault("104857600")
        long maxFileBytes();

        /** Bytes a user may keep in files across all live sessions. */
        @WithDefault("1073741824")
        long quotaBytes();

        /** Part size of the streamed upload to S3 (S3's minimum is 5 MiB): the memory one upload holds. */
        @WithDefault("8388608")
        int partBytes();

        /** Largest client-encrypted metadata (name, type) sent with a file, in bytes after base64 decoding. */
        @WithDefault("1024")
        int maxMetadataBytes();
    }

    /** SecureSession's ephemeral sessions. */
    interface Sessions {
        /** How long a session lives when its creator names no TTL (seed 004's "ephemeral"). */
        @WithDefault("PT24H")
        Duration defaultTtl();

        /** The longest TTL a creator may ask for. */
        @WithDefault("P7D")
        Duration maxTtl();

        /** Participants a session may have, its creator included. */
        @WithDefault("16")
        int maxParticipants();

        /** Active sessions a user may take part in at once. */
        @WithDefault("50")
        int maxActivePerUser();

        /** Largest message ciphertext, in bytes after base64 decoding: larger payloads go as files. */
        @WithDefault("65536")
        int maxMessageBytes();

        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("200")
        int maxPageSize();

        /** Frames (messages, acks, pings) a session socket may send a second before it is told to wait. */
        @WithDefault("20")
        int socketFramesPerSecond();

        /** How often expired sessions are destroyed (reads hide them at once), as the scheduler reads it. */
        @WithDefault("30s")
        String purgeInterval();
    }

    interface Simplex {
        /** Unread messages a link may hold; a full link refuses sends until its owner reads (SMP's queue quota). */
        @WithDefault("10000")
        int unseenQuota();

        /** How long a message is kept, read or not (SMP's default is 21 days). */
        @WithDefault("P21D")
        Duration messageTtl();

        /** Largest sealed box accepted, in bytes after base64 decoding. */
        @WithDefault("16384")
        int maxMessageBytes();

        /** Largest metadata object accepted, in bytes of its JSON. */
        @WithDefault("4096")
        int maxMetadataBytes();

        /** How often expired messages and challenges are deleted (read by ExpiryPurge's schedule). */
        @WithDefault("10m")
        String purgeInterval();

        @WithDefault("PT5M")
        Duration challengeTtl();

        /** Unexpired, unused challenges a link may have at once. */
        @WithDefault("5")
        int maxOutstandingChallenges();

        @WithDefault("50")
        int defaultFetchLimit();

        @WithDefault("200")
        int maxFetchLimit();
    }
}
