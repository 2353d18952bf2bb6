package io.panzoto.auth.account;

import io.panzoto.auth.events.UserDeleted;
import io.panzoto.auth.keys.Reauthentication;
import io.panzoto.auth.token.EndedSessions;
import io.panzoto.auth.user.PasswordWork;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.password.PasswordHasher;
import io.panzoto.crypto.token.RecoveryCodes;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * What changes an account's secrets or ends it: password change (re-authenticated), reset by a
 * recovery code, new recovery codes, deletion. For uce users the data key is re-wrapped each time,
 * never regenerated, so no stored data is lost. Every change ends every earlier session of the account
 * (refresh and access tokens, EndedSessions); a change answers with a new session. Required fields are
 * checked by the resources (Bean Validation on AccountRequests).
 */
@ApplicationScoped
public class CredentialService {
    private static final String BAD_RECOVERY = "invalid email or recovery code";

    private final PasswordHasher hasher;
    private final DataKeys dataKeys;
    private final EndedSessions endedSessions;
    private final Outbox outbox;
    private final Reauthentication reauthentication;
    private final PasswordWork passwordWork;
    private final Sessions sessions;

    public CredentialService(PasswordHasher hasher, DataKeys dataKeys, EndedSessions endedSessions, Outbox outbox,
                             Reauthentication reauthentication,
                             PasswordWork passwordWork, Sessions sessions) {
        this.hasher = hasher;
        this.dataKeys = dataKeys;
        this.endedSessions = endedSessions;
        this.outbox = outbox;
        this.reauthentication = reauthentication;
        this.passwordWork = passwordWork;
        this.sessions = sessions;
    }

    public Uni<Outcome<AuthResponse>> changePassword(UUID userId, String currentPassword, String newPassword) {
        AccountService.requirePassword(newPassword);
        return reauthenticated(userId, currentPassword, user -> passwordWork.run(() -> {
            if (user.dataKeyWrapped != null) {
                try (SecretBytes dataKey = dataKeys.unwrapWithPassword(user, currentPassword)) {
                    dataKeys.wrapUnderPassword(user, dataKey, newPassword);
                }
            }
            user.passwordHash = hasher.hash(newPassword);
            user.updatedAt = Instant.now();
            return user;
        }).chain(changed -> endedSessions.endAll(changed.id).chain(() -> sessions.refreshable(changed))));
    }

    private <T> Uni<Outcome<T>> reauthenticated(UUID userId, String password, Function<User, Uni<T>> work) {
        return reauthentication.confirmed(userId, new Reauthentication.Proof(password, null), null, work);
    }

    /** Resets the password with a recovery code; the code is spent. */
    @WithTransaction
    public Uni<AuthResponse> recover(String email, String recoveryCode, String newPassword) {
        AccountService.requirePassword(newPassword);
        String normalEmail = EmailAddress.normalise(email).orElse(null);
        String code = RecoveryCodes.normalise(recoveryCode).orElse(null);
        if (normalEmail == null || code == null) {
            throw ApiException.unauthorized("invalid_recovery", BAD_RECOVERY);
        }
        return User.byEmail(normalEmail).chain(user -> {
            if (user == null) {
                throw ApiException.unauthorized("invalid_recovery", BAD_RECOVERY);
            }
            // Locked: of two recoveries racing with one code, the second finds it spent and is refused.
            return RecoveryCode.unspentLocked(user.id, dataKeys.codeHash(code))
                    .onItem().ifNull().failWith(() -> ApiException.unauthorized("invalid_recovery", BAD_RECOVERY))
                    .chain(row -> passwordWork.run(() -> {
                        if (user.dataKeyWrapped != null) {
                            try (SecretBytes dataKey = dataKeys.unwrapWithCode(row, code)) {
                                dataKeys.wrapUnderPassword(user, dataKey, newPassword);
                            }
                        }
                        user.passwordHash = hasher.hash(newPassword);
                        user.updatedAt = Instant.now();
                        user.failedLogins = 0;
                        user.lockedUntil = null;
                        row.usedAt = Instant.now();
                        return user;
                    }))
                    .chain(updated -> endedSessions.endAll(updated.id).chain(() -> sessions.refreshable(updated)));
        }).onFailure(AuthenticationFailedException.class)
                .transform(e -> ApiException.unauthorized("invalid_recovery", BAD_RECOVERY));
    }

    /** Replaces all recovery codes after re-authentication; the old ones stop working. */
    public Uni<Outcome<List<String>>> regenerateCodes(UUID userId, String password) {
        return reauthenticated(userId, password, user -> passwordWork.run(() -> {
            if (user.dataKeyWrapped == null) {
                return dataKeys.issueCodes(user.id, null);
            }
            try (SecretBytes dataKey = dataKeys.unwrapWithPassword(user, password)) {
                return dataKeys.issueCodes(user.id, dataKey);
            }
        }).chain(issued -> RecoveryCode.deleteAllOf(user.id)
                .chain(() -> RecoveryCode.persist(issued.rows()))
                .replaceWith(issued.codes())));
    }

    @WithSession
    public Uni<AuthResponse.UserView> profile(UUID userId) {
        return account(userId).map(AuthResponse.UserView::of);
    }

    @WithTransaction
    public Uni<AuthResponse.UserView> updateProfile(UUID userId, String displayName) {
        String trimmed = displayName == null ? null : displayName.trim();
        if (trimmed != null && trimmed.length() > 100) {
            throw ApiException.badRequest("invalid_display_name", "display_name is at most 100 characters");
        }
        return account(userId).map(user -> {
            user.displayName = trimmed == null || trimmed.isEmpty() ? null : trimmed;
            user.updatedAt = Instant.now();
            return AuthResponse.UserView.of(user);
        });
    }

    /** Deletes the account after re-authentication and tells every service to delete its data. */
    public Uni<Outcome<Void>> delete(UUID userId, String password) {
        return reauthenticated(userId, password, user -> endedSessions.endAll(user.id).chain(user::delete)
                .call(() -> outbox.append(UserDeleted.TOPIC, UserDeleted.TOPIC, 1, user.id.toString(), new UserDeleted(user.id.toString())))
                .replaceWithVoid());
    }

    private static Uni<User> account(UUID userId) {
        return User.<User>findById(userId)
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("token_invalid", "the account no longer exists"));
    }
}
