package io.panzoto.auth.account;

import io.panzoto.auth.token.AccessTokens;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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

        public Android(AccountService accounts) {
            this.accounts = accounts;
        }

        @POST
        @Path("register")
        public Uni<Response> register(Credentials credentials) {
            return created(accounts.register(credentials));
        }

        @POST
        @Path("login")
        public Uni<AuthResponse> login(Credentials credentials) {
            return accounts.login(credentials);
        }
    }

    /** The SecureSession client: {@code /api/auth/register|login|profile}. */
    @Path("/api/auth")
    @Produces(MediaType.APPLICATION_JSON)
    public static class SecureSession {
        private final AccountService accounts;
        private final AccessTokens tokens;

        public SecureSession(AccountService accounts, AccessTokens tokens) {
            this.accounts = accounts;
            this.tokens = tokens;
        }

        @POST
        @Path("register")
        @Consumes(MediaType.APPLICATION_JSON)
        public Uni<Response> register(Credentials credentials) {
            return created(accounts.register(credentials));
        }

        @POST
        @Path("login")
        @Consumes(MediaType.APPLICATION_JSON)
        public Uni<AuthResponse> login(Credentials credentials) {
            return accounts.login(credentials);
        }

        @GET
        @Path("profile")
        public Uni<AuthResponse.UserView> profile(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
            return AccountResources.profile(tokens, authorization);
        }
    }

    /** {@code GET /api/v1/me}: the caller's own account. */
    @Path("/api/v1/me")
    @Produces(MediaType.APPLICATION_JSON)
    public static class Me {
        private final AccessTokens tokens;

        public Me(AccessTokens tokens) {
            this.tokens = tokens;
        }

        @GET
        public Uni<AuthResponse.UserView> me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
            return AccountResources.profile(tokens, authorization);
        }
    }
}
