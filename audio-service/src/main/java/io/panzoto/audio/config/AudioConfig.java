package io.panzoto.audio.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** audio-service settings (application.properties; secrets from the environment). */
@ConfigMapping(prefix = "panzoto.audio")
public interface AudioConfig {
    /** auth-service's base URL: it checks passwords, so this service keeps no password data. */
    String authUrl();

    @WithDefault("PT5S")
    Duration authTimeout();

    Transcriber transcriber();

    Upload upload();

    Deletion deletion();

    /** How long a deleted user's data is retried through an outage before the event goes to the .dlq. */
    interface Deletion {
        @WithDefault("PT1S")
        Duration firstWait();

        @WithDefault("PT30S")
        Duration maxWait();

        /** After failing this long, the event goes to the .dlq with the reason. */
        @WithDefault("PT30M")
        Duration giveUpAfter();
    }

    interface Transcriber {
        /**
         * Whether this build runs the transcriber (Vosk, JavaCV). Read at build time by the transcriber's
         * beans ({@code @IfBuildProperty}): the native profile builds it out; set false at run time too
         * so its Kafka channels stay closed.
         */
        @WithDefault("true")
        boolean enabled();

        /** Base64 X25519 secret key (32 bytes) of the transcriber: job keys are sealed to its public half. */
        Optional<String> privateKey();

        /**
         * The transcriber's public key (base64), for an API-only instance that seals job keys but never
         * opens one: it is given no private key. Ignored where the private key is set.
         */
        Optional<String> publicKey();

        /** Earlier transcriber keys, kept after a rotation until the jobs sealed to them have drained. */
        Optional<List<String>> previousPrivateKeys();

        /** The unpacked Vosk model directory (model-en-us). */
        String modelPath();

        /** Where decrypted audio exists while a job runs; emptied at start, every file deleted after its job. */
        String workDir();

        /** How long a queued job's sealed key stays usable. */
        @WithDefault("PT1H")
        Duration keyTtl();

        /** Starts of one job (restarts mid-job count) before it is failed as poison. */
        @WithDefault("3")
        int maxAttempts();

        /** Retries of a transient fault (S3 unreachable) within one attempt, the wait doubling from this. */
        @WithDefault("3")
        int transientRetries();

        @WithDefault("PT1S")
        Duration retryBackoff();

        /**
         * How long shutdown lets running transcriptions finish before it stops them (their requests
         * are then redelivered); keep it under the pod's termination grace period.
         */
        @WithDefault("PT20S")
        Duration shutdownGrace();
    }

    interface Upload {
        /** Largest recording accepted, through the service or by a presigned URL. */
        @WithDefault("1073741824")
        long maxBytes();

        /** Part size of the multipart upload through the service (S3's minimum is 5 MiB). */
        @WithDefault("8388608")
        int partBytes();

        @WithDefault("PT15M")
        Duration presignedUrlTtl();
    }
}
