package io.panzoto.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** auth-service settings (application.properties; secrets from the environment). */
@ConfigMapping(prefix = "panzoto.auth")
public interface AuthConfig {
    String issuer();

    String audience();

    Duration accessTokenTtl();

    /**
     * The life of the tokens register and login answer on the seed routes: their clients (the Android app,
     * SecureSession) have no refresh flow, and seed 000 gave 30 days. Revocable like every token.
     */
    @WithDefault("P30D")
    Duration seedClientTokenTtl();

    /** The longest any access token lives: how long a signing key stays published after its successor. */
    default Duration longestTokenLife() {
        return seedClientTokenTtl().compareTo(accessTokenTtl()) > 0 ? seedClientTokenTtl() : accessTokenTtl();
    }

    Duration refreshTokenTtl();

    /**
     * diary-service's X25519 public key (base64), to which uce users' data-key tickets are sealed; none:
     * no tickets are issued (409 {@code tickets_unavailable}).
     */
    Optional<String> diaryTicketPublicKey();

    /** How long a data-key ticket opens: as long as the session it was issued with (the refresh tokens). */
    default Duration dataKeyTicketTtl() {
        return refreshTokenTtl();
    }

    Duration signingKeyRotation();

    /** Base64 of 32 bytes: wraps the token-signing keys at rest. */
    String keyEncryptionKey();

    /** Base64 of at least 32 bytes: keys the stored hashes of refresh tokens. */
    String tokenPepper();

    Lockout lockout();

    Password password();

    RateLimit rateLimit();

    Face face();

    /** Face enrolment and verification (FaceResource); thresholds measured in docs/benchmarks.md. */
    interface Face {
        /** Cosine similarity at or above which a photo matches the enrolled template. */
        @WithDefault("0.55")
        double matchThreshold();

        /** The liveness model's live probability a photo needs (enrolment and verification). */
        @WithDefault("0.5")
        double livenessThreshold();

        /** Photos one enrolment may send (their embeddings are averaged). */
        @WithDefault("5")
        int maxPhotos();

        /** How long a face step-up token ({@code amr: ["pwd","face"]}) lives. */
        @WithDefault("PT5M")
        Duration stepUpTtl();

        /** How long a login waits for its face (the pending grant password login answers). */
        @WithDefault("PT5M")
        Duration pendingLoginTtl();

        /** Face attempts one pending login grant allows before it is spent. */
        @WithDefault("3")
        int pendingLoginAttempts();

        /** Face verifications per client address per minute (every face-verify and setup-face). */
        @WithDefault("10")
        int perAddressPerMinute();

        /** Intra-op threads each inference uses; the bulkhead bounds how many run at once. */
        @WithDefault("1")
        int threadsPerRun();
    }

    /** Per-address limits on the unauthenticated routes. */
    interface RateLimit {
        int loginPerMinute();

        int registerPerHour();

        int recoverPerHour();

        /** The gateway's addresses or CIDR blocks: only from them is X-Forwarded-For believed. */
        String trustedProxies();
    }

    interface Lockout {
        /**
         * Failures before a wait: per (account, client address) at login, and per account on the
         * token-authenticated password checks (re-authentication).
         */
        int freeFailures();

        /** Failed logins of one account, from any addresses, before the account itself waits (the backstop). */
        @WithDefault("20")
        int loginFreeFailures();

        /**
         * Over how long an address's failures for one account refill: with 5 free failures and 150 s, a
         * guessing address gets one more try every 30 s (the account's first lockout wait).
         */
        @WithDefault("PT150S")
        Duration addressWindow();

        Duration firstWait();

        Duration maxWait();
    }

    interface Password {
        int argon2MemoryKib();

        int argon2Iterations();
    }
}
