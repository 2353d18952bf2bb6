package io.panzoto.auth.account;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.auth.events.UserRegistered;
import io.panzoto.auth.face.FaceService;
import io.panzoto.auth.keys.KeyRegistry;
import io.panzoto.auth.security.LoginThrottle;
import io.panzoto.auth.user.PasswordLockout;
import io.panzoto.auth.user.PasswordWork;
import io.panzoto.auth.user.Tier;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.password.PasswordHasher;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Registration and password login for every client. Argon2id runs on a worker thread (Vert.x
 * executeBlocking brings the result back to the request's context, where the reactive session lives).
 * Unknown email and wrong password answer alike, in similar time.
 */
@ApplicationScoped
public class AccountService {
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    private static final String BAD_CREDENTIALS = "invalid email or password";

    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final Outbox outbox;
    private final AuthConfig config;
    private final PasswordWork passwordWork;
    private final PasswordLockout lockout;
    private final LoginThrottle throttle;
    private final DataKeys dataKeys;
    private final DataKeyTickets tickets;
    private final KeyRegistry keyRegistry;
    private final FaceService faces;

    public AccountService(PasswordHasher hasher, Sessions sessions, Outbox outbox,
                          AuthConfig config, PasswordWork passwordWork, PasswordLockout lockout, DataKeys dataKeys, DataKeyTickets tickets,
                          KeyRegistry keyRegistry, LoginThrottle throttle, FaceService faces) {
        this.faces = faces;
        this.dataKeys = dataKeys;
        this.tickets = tickets;
        this.keyRegistry = keyRegistry;
        this.hasher = hasher;
        this.sessions = sessions;
        this.outbox = outbox;
        this.config = config;
        this.passwordWork = passwordWork;
        this.lockout = lockout;
        this.throttle = throttle;
    }

    public Uni<AuthResponse> register(Credentials input) {
        String email = requireEmail(input);
        String password = requirePassword(input);
        Tier tier = Tier.requested(input.tier());
        String displayName = input.displayName() == null ? null : input.displayName().trim();
        if (displayName != null && displayName.length() > 100) {
            throw ApiException.badRequest("invalid_display_name", "display_name is at most 100 characters");
        }
        // Hashed before the transaction opens, so no connection is held through the Argon2 work; hence a
        // transaction opened here rather than declared on the method.
        UUID sessionId = Sessions.newId();
        return passwordWork.run(() -> prepareNewUser(email, password, tier, displayName, sessionId)).chain(prepared -> Panache.withTransaction(() ->
                User.byEmail(email).chain(existing -> {
                    if (existing != null) {
                        throw ApiException.conflict("email_taken", "an account with this email already exists");
                    }
                    User user = prepared.user();
                    return user.<User>persist()
                            .call(() -> RecoveryCode.persist(prepared.codes().rows()))
                            .call(() -> publishKeys(user.id, input))
                            .call(() -> outbox.append(UserRegistered.TOPIC, UserRegistered.TOPIC, 1, user.id.toString(),
                                    new UserRegistered(user.id.toString(), user.tier.value(), Bytes.hex(user.keySalt))))
                            .chain(() -> sessions.seedClient(user, sessionId))
                            .map(response -> response.withRecoveryCodes(prepared.codes().codes()).withTicket(prepared.ticket()));
                })))
                .onFailure(ConstraintViolation::isUniqueViolation)
                .transform(e -> ApiException.conflict("email_taken", "an account with this email already exists"));
    }

    /**
     * Signs in. Failures are throttled per (account, client address) and, as a backstop, per account
     * over all addresses at a higher count (LoginThrottle); an unknown email is answered exactly as a
     * known one, its failures throttled the same way, so nothing tells which accounts exist. A refusal
     * is an {@link Outcome}, so that the counted failure commits before the caller throws it.
     */
    @WithTransaction
    public Uni<Outcome<LoginAnswer>> login(Credentials input, String clientKey) {
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
        return User.byEmailLocked(email)
                .<Outcome<LoginAnswer>>chain(user -> {
            Duration wait = throttle.blocked(email, clientKey, user != null);
            if (!wait.isZero()) {
                throw PasswordLockout.locked(wait);
            }
            if (user == null) {
                return passwordWork.run(() -> {
                    hasher.verifyNothing(password);
                    throttle.failed(email, clientKey, false);
                    return Outcome.<LoginAnswer>failed(ApiException.unauthorized("invalid_credentials", BAD_CREDENTIALS));
                });
            }
            int failuresBefore = user.failedLogins;
            return lockout.verify(user, password, BAD_CREDENTIALS, config.lockout().loginFreeFailures()).chain(verified -> {
                if (verified.error() != null) {
                    throttle.failed(email, clientKey, true);
                    return Uni.createFrom().item(Outcome.<LoginAnswer>failed(verified.error()));
                }
                Uni<Void> upgrade = hasher.needsRehash(user.passwordHash)
                        ? passwordWork.run(() -> hasher.hash(password)).invoke(hash -> {
                            user.passwordHash = hash;
                            user.updatedAt = Instant.now();
                        }).replaceWithVoid()
                        : Uni.createFrom().voidItem();
                // A uce account's data-key ticket for diary-service: the one moment the password is here.
                UUID sessionId = Sessions.newId();
                Uni<Optional<DataKeyTickets.Issued>> ticket = user.tier == Tier.UCE
                        ? passwordWork.run(() -> tickets.sealWithPassword(user, sessionId, password)) : Uni.createFrom().item(Optional.empty());
                // With the face factor on, the session starts only when face-verify completes the grant.
                return upgrade.chain(() -> ticket).chain(issued -> faces.pendingLogin(user, failuresBefore, sessionId, issued).chain(pending -> pending.isPresent()
                        ? Uni.createFrom().item(Outcome.ok(LoginAnswer.faceRequired(pending.get())))
                        : sessions.seedClient(user, sessionId).map(response -> Outcome.ok(LoginAnswer.tokens(response.withTicket(issued))))));
            });
        });
    }


    /**
     * Checks the password of a signed-in account for another service (audio-service before it derives a
     * recording's key), so no other service keeps password data. Failures count towards the lockout as
     * failed logins do (so a refusal is an {@link Outcome}, thrown by the caller after the commit).
     */
    @WithTransaction
    public Uni<Outcome<byte[]>> confirmPassword(UUID userId, String password) {
        if (password == null || password.isEmpty()) {
            throw ApiException.badRequest("missing_fields", "password is required");
        }
        return lockout.lockedAccount(userId)
                .chain(user -> lockout.verify(user, password, "the password is wrong")
                        .map(verified -> verified.error() != null ? Outcome.<byte[]>failed(verified.error()) : Outcome.ok(user.keySalt)));
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

    /** A new account with everything CPU-heavy done: password hash, and for uce the data key and its wraps. */
    private record Prepared(User user, DataKeys.Issued codes, Optional<DataKeyTickets.Issued> ticket) {
        @Override
        public String toString() {
            return "Prepared[redacted]";
        }
    }

    private Prepared prepareNewUser(String email, String password, Tier tier, String displayName, UUID sessionId) {
        User user = newUser(email, hasher.hash(password), tier, displayName);
        if (tier != Tier.UCE) {
            return new Prepared(user, dataKeys.issueCodes(user.id, null), Optional.empty());
        }
        try (var dataKey = dataKeys.createFor(user, password)) {
            return new Prepared(user, dataKeys.issueCodes(user.id, dataKey), tickets.sealFor(user, sessionId, dataKey));
        }
    }

    private static User newUser(String email, String hash, Tier tier, String displayName) {
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
                if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                    return true;
                }
            }
            return false;
        }
    }
}
