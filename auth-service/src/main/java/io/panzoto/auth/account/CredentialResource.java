package io.panzoto.auth.account;

import io.panzoto.auth.account.AccountRequests.PasswordChange;
import io.panzoto.auth.account.AccountRequests.PasswordConfirmation;
import io.panzoto.auth.account.AccountRequests.PasswordVerified;
import io.panzoto.auth.account.AccountRequests.Recovery;
import io.panzoto.auth.account.AccountRequests.RecoveryCodes;
import io.panzoto.auth.security.IpRateLimiter;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.crypto.Bytes;
import io.panzoto.platform.errors.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/v1/auth/password|recover|recovery-codes|verify-password}: changing, recovering and confirming credentials. */
@Path("/api/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CredentialResource {
    private final AccessTokens tokens;
    private final CredentialService credentials;
    private final IpRateLimiter limiter;

    private final AccountService accounts;

    public CredentialResource(AccessTokens tokens, CredentialService credentials, IpRateLimiter limiter, AccountService accounts) {
        this.tokens = tokens;
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
    public Uni<PasswordVerified> verifyPassword(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                PasswordConfirmation confirmation) {
        AccessTokens.Caller caller = tokens.require(authorization);
        return accounts.confirmPassword(caller.userId(), confirmation == null ? null : confirmation.password())
                .map(salt -> new PasswordVerified(true, Bytes.hex(salt)));
    }

    @POST
    @Path("password")
    public Uni<AuthResponse> changePassword(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, PasswordChange change) {
        AccessTokens.Caller caller = tokens.require(authorization);
        return credentials.changePassword(caller, change == null ? null : change.currentPassword(),
                change == null ? null : change.newPassword());
    }

    @POST
    @Path("recover")
    public Uni<AuthResponse> recover(Recovery recovery, @Context HttpServerRequest request) {
        limiter.acquire(IpRateLimiter.Action.RECOVER, request);
        if (recovery == null) {
            throw ApiException.badRequest("missing_fields", "email, recovery_code and new_password are required");
        }
        return credentials.recover(recovery.email(), recovery.recoveryCode(), recovery.newPassword());
    }

    @POST
    @Path("recovery-codes")
    public Uni<RecoveryCodes> regenerate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                         PasswordConfirmation confirmation) {
        AccessTokens.Caller caller = tokens.require(authorization);
        return credentials.regenerateCodes(caller, confirmation == null ? null : confirmation.password())
                .map(RecoveryCodes::new);
    }
}
