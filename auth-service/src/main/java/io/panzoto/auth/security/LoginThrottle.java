package io.panzoto.auth.security;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.ratelimit.TokenBuckets;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;

/**
 * Failed logins counted per (account, client address), as Keycloak's brute-force detector and Signal's
 * limiters do: one address that guesses is stopped after a few failures without locking the owner out
 * from anywhere else. The account's own lockout (in the database) stays as the backstop against guesses
 * spread over many addresses, at a higher count. An email with no account is throttled exactly the same
 * way, with an in-memory backstop at the same count, so the answers never tell which accounts exist.
 */
@ApplicationScoped
public class LoginThrottle {
    private final TokenBuckets perAccountAndAddress;
    private final TokenBuckets unknownAccounts;

    public LoginThrottle(AuthConfig config) {
        AuthConfig.Lockout lockout = config.lockout();
        this.perAccountAndAddress = new TokenBuckets(lockout.freeFailures(), lockout.addressWindow());
        this.unknownAccounts = new TokenBuckets(lockout.loginFreeFailures(), lockout.addressWindow());
    }

    /** How long this address must wait before trying this email again; zero when it may try now. */
    public Duration blocked(String email, String clientKey, boolean knownAccount) {
        Duration pair = perAccountAndAddress.waitFor(pair(email, clientKey));
        Duration backstop = knownAccount ? Duration.ZERO : unknownAccounts.waitFor(normal(email));
        return pair.compareTo(backstop) >= 0 ? pair : backstop;
    }

    /** Counts a failed login of this email from this address. */
    public void failed(String email, String clientKey, boolean knownAccount) {
        perAccountAndAddress.tryAcquire(pair(email, clientKey));
        if (!knownAccount) {
            unknownAccounts.tryAcquire(normal(email));
        }
    }

    private static String pair(String email, String clientKey) {
        return normal(email) + "|" + clientKey;
    }

    private static String normal(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    @Scheduled(identity = "login-throttle-cleanup", every = "5m")
    void forgetIdle() {
        perAccountAndAddress.forgetFull();
        unknownAccounts.forgetFull();
    }
}
