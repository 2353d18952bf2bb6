package io.panzoto.auth.account;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.auth.keys.KeyRegistry;
import io.panzoto.auth.security.LoginThrottle;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.auth.token.RefreshTokens;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.password.PasswordHasher;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * Registration and password login for every client. Argon2id runs on a worker thread (Vert.x
 * executeBlocking brings the result back to the request's context, where the reactive session lives).
 * Unknown email and wrong password answer alike, in similar time.
 */
@ApplicationScoped
public class AccountService {
    public static final String USER_REGISTERED_TOPIC = "auth.user-registered";
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    private static final Set<String> TIERS = Set.of("e2e", "uce");
    private static final String BAD_CREDENTIALS = "invalid email or password";

    private final PasswordHasher hasher;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final Outbox outbox;
    private final AuthConfig config;
    private final PasswordWork passwordWork;
    private final LoginThrottle throttle;
    private final DataKeys dataKeys;
    private final KeyRegistry keyRegistry;

    public AccountService(PasswordHasher hasher, AccessTokens accessTokens, RefreshTokens refreshTokens, Outbox outbox,
                          AuthConfig config, PasswordWork passwordWork, DataKeys dataKeys, KeyRegistry keyRegistry,
                          LoginThrottle throttle) {
        this.dataKeys = dataKeys;
        this.keyRegistry = keyRegistry;
        this.hasher = hasher;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.outbox = outbox;
        this.config = config;
        this.passwordWork = passwordWork;
        this.throttle = throttle;
    }

    public Uni<AuthResponse> register(Credentials input) {
        String email = requireEmail(input);
        String password = requirePassword(input);
        String tier = input.tier() == null ? "e2e" : input.tier().trim().toLowerCase();
        if (!TIERS.contains(tier)) {
            throw ApiException.badRequest("invalid_tier", "tier must be e2e or uce");
        }
        String displayName = input.displayName() == null ? null : input.displayName().trim();
        if (displayName != null && displayName.length() > 100) {
            throw ApiException.badRequest("invalid_display_name", "display_name is at most 100 characters");
        }
        return blocking(() -> prepareNewUser(email, password, tier, displayName)).chain(prepared -> Panache.withTransaction(() ->
                User.<User>find("email", email).firstResult().chain(existing -> {
                    if (existing != null) {
                        throw ApiException.conflict("email_taken", "an account with this email already exists");
                    }
                    User user = prepared.user();
                    return user.<User>persist()
                            .call(() -> RecoveryCode.persist(prepared.codes().rows()))
                            .call(() -> publishKeys(user.id, input))
                            .call(() -> outbox.append(USER_REGISTERED_TOPIC, "auth.user-registered", 1, user.id.toString(),
                                    Map.of("user_id", user.id.toString(), "tier", user.tier, "key_salt", Bytes.hex(user.keySalt))))
                            .chain(() -> seedClientSession(user))
                            .map(response -> response.withRecoveryCodes(prepared.codes().codes()));
                })))
                .onFailure(ConstraintViolation::isUniqueViolation)
                .transform(e -> ApiException.conflict("email_taken", "an account with this email already exists"));
    }

    /**
     * Signs in. Failures are throttled per (account, client address) and, as a backstop, per account
     * over all addresses at a higher count (LoginThrottle); an unknown email is answered exactly as a
     * known one, its failures throttled the same way, so nothing tells which accounts exist.
     */
    public Uni<AuthResponse> login(Credentials input, String clientKey) {
        if (input == null || input.email() == null || input.email().isBlank() || input.password() == null || input.password().isEmpty()) {
            throw ApiException.badRequest("missing_fields", "email and password are required");
        }
        // Seeds 000/001: any wrong credentials are 401; a policy hint here would only help a guesser.
        String email = EmailAddress.normalise(input.email()).orElse(null);
        String password = input.password();
        if (email == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ApiException.unauthorized("invalid_credentials", BAD_CREDENTIALS);
        }
        // The row is locked while the password is checked: parallel guesses queue and each failure counts.
        return Panache.withTransaction(() -> User.<User>find("email", email).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .<Outcome<AuthResponse>>chain(user -> {
            Duration wait = throttle.blocked(email, clientKey, user != null);
            if (!wait.isZero()) {
                throw locked(wait);
            }
            if (user == null) {
                return blocking(() -> {
                    hasher.verifyNothing(password);
                    throttle.failed(email, clientKey, false);
                    return Outcome.<AuthResponse>failed(ApiException.unauthorized("invalid_credentials", BAD_CREDENTIALS));
                });
            }
            return verifyWithLockout(user, password, BAD_CREDENTIALS, config.lockout().loginFreeFailures()).chain(verified -> {
                if (verified.error() != null) {
                    throttle.failed(email, clientKey, true);
                    return Uni.createFrom().item(Outcome.<AuthResponse>failed(verified.error()));
                }
                Uni<Void> upgrade = hasher.needsRehash(user.passwordHash)
                        ? blocking(() -> hasher.hash(password)).invoke(hash -> {
                            user.passwordHash = hash;
                            user.updatedAt = Instant.now();
                        }).replaceWithVoid()
                        : Uni.createFrom().voidItem();
                return upgrade.chain(() -> seedClientSession(user)).map(Outcome::ok);
            });
        })).map(Outcome::orThrow);
    }

    private static ApiException locked(Duration wait) {
        return ApiException.tooManyRequests("account_locked", "too many failed logins; try again later", wait);
    }

    /**
     * Checks the password of a signed-in account for another service (audio-service before it derives a
     * recording's key), so no other service keeps password data. Failures count towards the lockout as
     * failed logins do.
     */
    public Uni<byte[]> confirmPassword(UUID userId, String password) {
        if (password == null || password.isEmpty()) {
            throw ApiException.badRequest("missing_fields", "password is required");
        }
        return Panache.withTransaction(() -> lockedAccount(userId)
                .chain(user -> verifyWithLockout(user, password, "the password is wrong")
                        .map(verified -> verified.error() != null ? Outcome.<byte[]>failed(verified.error()) : Outcome.ok(user.keySalt))))
                .map(Outcome::orThrow);
    }

    /**
     * A signed-in caller's account, its row locked for the transaction, so that password checks on it
     * queue and every failure counts towards the lockout.
     */
    Uni<User> lockedAccount(UUID userId) {
        return User.<User>findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("token_invalid", "the account no longer exists"));
    }

    /**
     * The one password check of every path (login, verify-password, change, new codes, deletion), on a
     * row read with {@link #lockedAccount} or locked by the login query: refused while the account is
     * locked; verified off the event loop; a failure is recorded (and reported after the commit, so it
     * is kept), a success clears the count.
     */
    Uni<Outcome<Boolean>> verifyWithLockout(User user, String password, String failureMessage) {
        return verifyWithLockout(user, password, failureMessage, config.lockout().freeFailures());
    }

    private Uni<Outcome<Boolean>> verifyWithLockout(User user, String password, String failureMessage, int freeFailures) {
        Instant now = Instant.now();
        if (user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
            throw locked(Duration.between(now, user.lockedUntil));
        }
        return blocking(() -> hasher.verify(user.passwordHash, password)).map(valid -> {
            if (!valid) {
                recordFailure(user, now, freeFailures);
                return Outcome.failed(ApiException.unauthorized("invalid_credentials", failureMessage));
            }
            user.failedLogins = 0;
            user.lockedUntil = null;
            return Outcome.ok(true);
        });
    }

    /** Public keys sent with the sign-up go to the registry in the same transaction. */
    private Uni<Void> publishKeys(UUID userId, Credentials input) {
        Uni<Void> done = Uni.createFrom().voidItem();
        if (input.x25519PublicKey() != null) {
            done = done.chain(() -> keyRegistry.register(userId, "x25519", input.x25519PublicKey()).replaceWithVoid());
        }
        if (input.ed25519PublicKey() != null) {
            done = done.chain(() -> keyRegistry.register(userId, "ed25519", input.ed25519PublicKey()).replaceWithVoid());
        }
        return done;
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

    /** A new session as the seed routes (register, login) answer it: a token that lives as the seed's did. */
    Uni<AuthResponse> seedClientSession(User user) {
        return session(user, accessTokens.issueForSeedClient(user.id, user.tier));
    }

    /** A new session for the /api/v1 flows: a short-lived token and its refresh token. */
    Uni<AuthResponse> session(User user) {
        return session(user, accessTokens.issue(user.id, user.tier));
    }

    private Uni<AuthResponse> session(User user, AccessTokens.Issued access) {
        return refreshTokens.issue(user.id, null)
                .map(refresh -> AuthResponse.of(user, access.token(), access.expiresInSeconds(), refresh));
    }

    /** A new account with everything CPU-heavy done: password hash, and for uce the data key and its wraps. */
    private record Prepared(User user, DataKeys.Issued codes) {
    }

    private Prepared prepareNewUser(String email, String password, String tier, String displayName) {
        User user = newUser(email, hasher.hash(password), tier, displayName);
        if (!"uce".equals(tier)) {
            return new Prepared(user, dataKeys.issueCodes(user.id, null));
        }
        try (var dataKey = dataKeys.createFor(user, password)) {
            return new Prepared(user, dataKeys.issueCodes(user.id, dataKey));
        }
    }

    private static User newUser(String email, String hash, String tier, String displayName) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = email;
        user.passwordHash = hash;
        user.keySalt = SecureRandoms.bytes(32);
        user.tier = tier;
        user.displayName = displayName == null || displayName.isEmpty() ? null : displayName;
        user.createdAt = Instant.now();
        user.updatedAt = user.createdAt;
        return user;
    }

    <T> Uni<T> blocking(Supplier<T> work) {
        return passwordWork.run(work).onFailure(BulkheadException.class).transform(e -> PasswordWork.busy());
    }

    private static String requireEmail(Credentials input) {
        if (input == null || input.email() == null || input.password() == null) {
            throw ApiException.badRequest("missing_fields", "email and password are required");
        }
        return EmailAddress.normalise(input.email())
                .orElseThrow(() -> ApiException.badRequest("invalid_email", "email is not a valid address"));
    }

    private static String requirePassword(Credentials input) {
        return requirePassword(input.password());
    }

    static String requirePassword(String password) {
        if (password == null) {
            throw ApiException.badRequest("missing_fields", "a password is required");
        }
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ApiException.badRequest("invalid_password",
                    "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        return password;
    }

    /** PostgreSQL's unique_violation, however deep the persistence layer wrapped it. */
    static final class ConstraintViolation {
        private ConstraintViolation() {
        }

        static boolean isUniqueViolation(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
                    return true;
                }
            }
            return false;
        }
    }
}
