package io.panzoto.auth.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** auth-service settings (application.properties; secrets from the environment). */
@ConfigMapping(prefix = "panzoto.auth")
public interface AuthConfig {
    String issuer();

    String audience();

    Duration accessTokenTtl();

    Duration refreshTokenTtl();

    Duration signingKeyRotation();

    /** Base64 of 32 bytes: wraps the token-signing keys at rest. */
    String keyEncryptionKey();

    /** Base64 of at least 32 bytes: keys the stored hashes of refresh tokens. */
    String tokenPepper();

    Lockout lockout();

    Password password();

    RateLimit rateLimit();

    /** Per-address limits on the unauthenticated routes. */
    interface RateLimit {
        int loginPerMinute();

        int registerPerHour();

        int recoverPerHour();

        /** The gateway's addresses or CIDR blocks: only from them is X-Forwarded-For believed. */
        String trustedProxies();
    }

    interface Lockout {
        int freeFailures();

        Duration firstWait();

        Duration maxWait();
    }

    interface Password {
        int argon2MemoryKib();

        int argon2Iterations();
    }
}
