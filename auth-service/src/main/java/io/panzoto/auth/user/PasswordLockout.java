package io.panzoto.auth.user;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.crypto.password.PasswordHasher;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The one password check of every path (login, verify-password, change, new codes, deletion, key and
 * escrow changes) and the account lockout it feeds: after the free failures each further one doubles
 * the wait, up to the maximum (Keycloak's model).
 */
@ApplicationScoped
public class PasswordLockout {
    private final PasswordHasher hasher;
    private final PasswordWork passwordWork;
    private final AuthConfig config;

    public PasswordLockout(PasswordHasher hasher, PasswordWork passwordWork, AuthConfig config) {
        this.hasher = hasher;
        this.passwordWork = passwordWork;
        this.config = config;
    }

    /**
     * A signed-in caller's account, its row locked for the transaction, so that password checks on it
     * queue and every failure counts towards the lockout.
     */
    public Uni<User> lockedAccount(UUID userId) {
        return User.<User>findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("token_invalid", "the account no longer exists"));
    }

    /**
     * The one password check of every path (login, verify-password, change, new codes, deletion), on a
     * row read with {@link #lockedAccount} or locked by the login query: refused while the account is
     * locked; verified off the event loop; a failure is recorded (and reported after the commit, so it
     * is kept), a success clears the count.
     */
    public Uni<Outcome<Boolean>> verify(User user, String password, String failureMessage) {
        return verify(user, password, failureMessage, config.lockout().freeFailures());
    }

    public Uni<Outcome<Boolean>> verify(User user, String password, String failureMessage, int freeFailures) {
        Instant now = Instant.now();
        if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
            throw locked(Duration.between(now, user.lockedUntil));
        }
        return passwordWork.run(() -> hasher.verify(user.passwordHash, password)).map(valid -> {
            if (!valid) {
                recordFailure(user, now, freeFailures);
                return Outcome.failed(ApiException.unauthorized("invalid_credentials", failureMessage));
            }
            user.failedLogins = 0;
            user.lockedUntil = null;
            return Outcome.ok(true);
        });
    }

    /** Refuses (429) while the account is locked: every factor waits out the lockout, not only the password. */
    public void requireUnlocked(User user) {
        Instant now = Instant.now();
        if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
            throw locked(Duration.between(now, user.lockedUntil));
        }
    }

    /** A failed second factor (a face that did not match) counts towards the lockout as a wrong password does. */
    public void recordFailedFactor(User user) {
        recordFailure(user, Instant.now(), config.lockout().freeFailures());
    }

    /** After the free failures, each further failure doubles the wait, up to the maximum. */
    private void recordFailure(User user, Instant now, int freeFailures) {
        user.failedLogins++;
        int beyond = user.failedLogins - freeFailures;
        if (beyond >= 0) {
            Duration wait = config.lockout().firstWait().multipliedBy(1L << Math.min(beyond, 20));
            user.lockedUntil = now.plus(wait.compareTo(config.lockout().maxWait()) > 0 ? config.lockout().maxWait() : wait);
        }
    }

    /** 429 with the wait: the account is locked. */
    public static ApiException locked(Duration wait) {
        return ApiException.tooManyRequests("account_locked", "too many failed logins; try again later", wait);
    }
}
