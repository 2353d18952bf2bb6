package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.security.IpRateLimiter;
import io.panzoto.auth.token.AccessTokens;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The account routes of the existing clients and of /api/v1; thin: the rules are in AccountService. */
public final class AccountResources {
    private AccountResources() {
    }

    static Uni<Response> created(Uni<AuthResponse> response) {
        return response.map(body -> Response.status(201).entity(body).build());
    }

    static Uni<AuthResponse.UserView> profile(AccessTokens tokens, String authorization) {
        AccessTokens.Caller caller = tokens.require(authorization);
        return Panache.withSession(() -> User.<User>findById(caller.userId()))
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("token_invalid", "the account no longer exists"))
                .map(AuthResponse.UserView::of);
    }

    /** The Android voice-notes app: {@code POST /api/register}, {@code POST /api/login}. */
    @Path("/api")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public static class Android {
        private final AccountService accounts;
        private final IpRateLimiter limiter;

        public Android(AccountService accounts, IpRateLimiter limiter) {
            this.accounts = accounts;
            this.limiter = limiter;
        }

        @POST
        @Path("register")
        public Uni<Response> register(Credentials credentials, @Context HttpServerRequest request) {
            limiter.acquire(IpRateLimiter.Action.REGISTER, request);
            return created(accounts.register(credentials));
        }

        @POST
        @Path("login")
        public Uni<AuthResponse> login(Credentials credentials, @Context HttpServerRequest request) {
            limiter.acquire(IpRateLimiter.Action.LOGIN, request);
            return accounts.login(credentials, limiter.clientKey(request));
        }
    }

    /** The client's address as the HTTP layer resolved it (forwarding headers only from trusted proxies). */
    static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** The SecureSession client: {@code /api/auth/register|login|profile}; register and login as the app's. */
    @Path("/api/auth")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public static class SecureSession extends Android {
        private final AccessTokens tokens;

        public SecureSession(AccountService accounts, IpRateLimiter limiter, AccessTokens tokens) {
            super(accounts, limiter);
            this.tokens = tokens;
        }

        @GET
        @Path("profile")
        public Uni<AuthResponse.UserView> profile(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
            return AccountResources.profile(tokens, authorization);
        }
    }

    public record ProfileChange(@JsonProperty("display_name") String displayName) {
    }

    /** A confirmed password: the account's key salt as hex, as register and login give it. */
    public record PasswordVerified(@JsonProperty("verified") boolean verified, @JsonProperty("key_salt") String keySalt) {
    }

    public record PasswordConfirmation(@JsonProperty("password") String password) {
        @Override
        public String toString() {
            return "PasswordConfirmation[redacted]";
        }
    }

    public record PasswordChange(@JsonProperty("current_password") String currentPassword,
                                 @JsonProperty("new_password") String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[redacted]";
        }
    }

    public record Recovery(@JsonProperty("email") String email, @JsonProperty("recovery_code") String recoveryCode,
                           @JsonProperty("new_password") String newPassword) {
        @Override
        public String toString() {
            return "Recovery[redacted]";
        }
    }

    /** {@code /api/v1/me}: the caller's own account: read, change the display name, delete. */
    @Path("/api/v1/me")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Me {
        private final AccessTokens tokens;
        private final CredentialService credentials;

        public Me(AccessTokens tokens, CredentialService credentials) {
            this.tokens = tokens;
            this.credentials = credentials;
        }

        @GET
        public Uni<AuthResponse.UserView> me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
            return AccountResources.profile(tokens, authorization);
        }

        @PATCH
        @Consumes(MediaType.APPLICATION_JSON)
        public Uni<AuthResponse.UserView> update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, ProfileChange change) {
            AccessTokens.Caller caller = tokens.require(authorization);
            return credentials.updateProfile(caller, change == null ? null : change.displayName());
        }

        /** Deletes the account; the password confirms it. Every service then deletes the user's data. */
        @DELETE
        @Consumes(MediaType.APPLICATION_JSON)
        public Uni<Response> delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, PasswordConfirmation confirmation) {
            AccessTokens.Caller caller = tokens.require(authorization);
            return credentials.delete(caller, confirmation == null ? null : confirmation.password())
                    .replaceWith(Response.noContent().build());
        }
    }

    /** {@code /api/v1/auth/password|recover|recovery-codes|verify-password}: changing, recovering and confirming credentials. */
    @Path("/api/v1/auth")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public static class CredentialChanges {
        private final AccessTokens tokens;
        private final CredentialService credentials;
        private final IpRateLimiter limiter;

        private final AccountService accounts;

        public CredentialChanges(AccessTokens tokens, CredentialService credentials, IpRateLimiter limiter, AccountService accounts) {
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
                    .map(salt -> new PasswordVerified(true, io.panzoto.crypto.Bytes.hex(salt)));
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
        public Uni<java.util.Map<String, Object>> regenerate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                             PasswordConfirmation confirmation) {
            AccessTokens.Caller caller = tokens.require(authorization);
            return credentials.regenerateCodes(caller, confirmation == null ? null : confirmation.password())
                    .map(codes -> java.util.Map.of("recovery_codes", codes));
        }
    }
}
