package io.panzoto.auth.account;

import io.panzoto.auth.account.AccountRequests.PasswordChange;
import io.panzoto.auth.account.AccountRequests.PasswordConfirmation;
import io.panzoto.auth.account.AccountRequests.PasswordVerified;
import io.panzoto.auth.account.AccountRequests.Recovery;
import io.panzoto.auth.account.AccountRequests.RecoveryCodes;
import io.panzoto.auth.face.FaceStepUp;
import io.panzoto.auth.security.IpRateLimiter;
import io.panzoto.crypto.Bytes;
import io.panzoto.platform.errors.MissingFields;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/auth/password|recover|recovery-codes|verify-password}: changing, recovering and confirming credentials. */
@Path("/api/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CredentialResource {
    private final Caller caller;
    private final CredentialService credentials;
    private final IpRateLimiter limiter;
    private final AccountService accounts;
    private final FaceStepUp faceStepUp;

    public CredentialResource(Caller caller, CredentialService credentials, IpRateLimiter limiter, AccountService accounts, FaceStepUp faceStepUp) {
        this.faceStepUp = faceStepUp;
        this.caller = caller;
        this.credentials = credentials;
        this.limiter = limiter;
        this.accounts = accounts;
    }

    /**
     * 200 with the account's key salt if the password is the caller's (a service deriving the caller's
     * key needs no copy of its own that may lag); 401 if not; 429 while the account is locked.
     */
    @POST
    @Path("verify-password")
    @Authenticated
    public Uni<PasswordVerified> verifyPassword(@Valid @NotNull(message = AccountRequests.PASSWORD_REQUIRED, payload = MissingFields.class)
                                                PasswordConfirmation confirmation) {
        return accounts.confirmPassword(caller.userId(), confirmation.password())
                .map(Outcome::orThrow).map(salt -> new PasswordVerified(true, Bytes.hex(salt)));
    }

    @POST
    @Path("password")
    @Authenticated
    public Uni<AuthResponse> changePassword(@Valid @NotNull(message = AccountRequests.PASSWORD_CHANGE_REQUIRED, payload = MissingFields.class)
                                            PasswordChange change) {
        return faceStepUp.require(caller)
                .chain(() -> credentials.changePassword(caller.userId(), change.currentPassword(), change.newPassword())).map(Outcome::orThrow);
    }

    @POST
    @Path("recover")
    public Uni<AuthResponse> recover(@Valid @NotNull(message = AccountRequests.RECOVERY_REQUIRED, payload = MissingFields.class)
                                     Recovery recovery, @Context HttpServerRequest request) {
        limiter.acquire(IpRateLimiter.Action.RECOVER, request);
        return credentials.recover(recovery.email(), recovery.recoveryCode(), recovery.newPassword());
    }

    @POST
    @Path("recovery-codes")
    @Authenticated
    public Uni<RecoveryCodes> regenerate(@Valid @NotNull(message = AccountRequests.PASSWORD_REQUIRED, payload = MissingFields.class)
                                         PasswordConfirmation confirmation) {
        return faceStepUp.require(caller).chain(() -> credentials.regenerateCodes(caller.userId(), confirmation.password()))
                .map(Outcome::orThrow).map(RecoveryCodes::new);
    }
}
