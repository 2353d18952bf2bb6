package io.panzoto.auth.account;

import io.panzoto.auth.events.UserDeleted;
import io.panzoto.auth.keys.Reauthentication;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.auth.token.EndedSessions;
import io.panzoto.auth.user.PasswordWork;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.password.PasswordHasher;
import io.panzoto.crypto.token.RecoveryCodes;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What changes an account's secrets or ends it: password change (re-authenticated), reset by a
 * recovery code, new recovery codes, deletion. For uce users the data key is re-wrapped each time,
 * never regenerated, so no stored data is lost. Every change ends every earlier session of the account
 * (refresh and access tokens, EndedSessions); a change answers with a new session.
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

    public Uni<AuthResponse> changePassword(AccessTokens.Caller caller, String currentPassword, String newPassword) {
        if (currentPassword == null) {
            throw ApiException.badRequest("missing_fields", "current_password and new_password are required");
        }
        AccountService.requirePassword(newPassword);
        return reauthenticated(caller, currentPassword, user -> passwordWork.run(() -> {
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

    private <T> Uni<T> reauthenticated(AccessTokens.Caller caller, String password, Function<User, Uni<T>> work) {
        return reauthentication.confirmed(caller.userId(), new Reauthentication.Proof(password, null), null, work);
    }

    /** Resets the password with a recovery code; the code is spent. */
    public Uni<AuthResponse> recover(String email, String recoveryCode, String newPassword) {
        if (email == null || recoveryCode == null || newPassword == null) {
            throw ApiException.badRequest("missing_fields", "email, recovery_code and new_password are required");
        }
        AccountService.requirePassword(newPassword);
        String normalEmail = EmailAddress.normalise(email).orElse(null);
        String code = RecoveryCodes.normalise(recoveryCode).orElse(null);
        if (normalEmail == null || code == null) {
            throw ApiException.unauthorized("invalid_recovery", BAD_RECOVERY);
        }
        return Panache.withTransaction(() -> User.<User>find("email", normalEmail).firstResult().chain(user -> {
            if (user == null) {
                throw ApiException.unauthorized("invalid_recovery", BAD_RECOVERY);
            }
            // Locked: of two recoveries racing with one code, the second finds it spent and is refused.
            return RecoveryCode.<RecoveryCode>find("userId = ?1 and codeHash = ?2 and usedAt is null", user.id, dataKeys.codeHash(code))
                    .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
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
        })).onFailure(AuthenticationFailedException.class)
                .transform(e -> ApiException.unauthorized("invalid_recovery", BAD_RECOVERY));
    }

    /** Replaces all recovery codes after re-authentication; the old ones stop working. */
    public Uni<List<String>> regenerateCodes(AccessTokens.Caller caller, String password) {
        if (password == null) {
            throw ApiException.badRequest("missing_fields", "password is required");
        }
        return reauthenticated(caller, password, user -> passwordWork.run(() -> {
            if (user.dataKeyWrapped == null) {
                return dataKeys.issueCodes(user.id, null);
            }
            try (SecretBytes dataKey = dataKeys.unwrapWithPassword(user, password)) {
                return dataKeys.issueCodes(user.id, dataKey);
            }
        }).chain(issued -> RecoveryCode.delete("userId", user.id)
                .chain(() -> RecoveryCode.persist(issued.rows()))
                .replaceWith(issued.codes())));
    }

    public Uni<AuthResponse.UserView> updateProfile(AccessTokens.Caller caller, String displayName) {
        String trimmed = displayName == null ? null : displayName.trim();
        if (trimmed != null && trimmed.length() > 100) {
            throw ApiException.badRequest("invalid_display_name", "display_name is at most 100 characters");
        }
        return Panache.withTransaction(() -> account(caller).map(user -> {
            user.displayName = trimmed == null || trimmed.isEmpty() ? null : trimmed;
            user.updatedAt = Instant.now();
            return AuthResponse.UserView.of(user);
        }));
    }

    /** Deletes the account after re-authentication and tells every service to delete its data. */
    public Uni<Void> delete(AccessTokens.Caller caller, String password) {
        if (password == null) {
            throw ApiException.badRequest("missing_fields", "password is required");
        }
        return reauthenticated(caller, password, user -> endedSessions.endAll(user.id).chain(user::delete)
                .call(() -> outbox.append(UserDeleted.TOPIC, UserDeleted.TOPIC, 1, user.id.toString(), new UserDeleted(user.id.toString()))));
    }

    private static Uni<User> account(AccessTokens.Caller caller) {
        return User.<User>findById(caller.userId())
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("token_invalid", "the account no longer exists"));
    }
}
