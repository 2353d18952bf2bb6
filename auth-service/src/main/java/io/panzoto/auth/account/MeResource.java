package io.panzoto.auth.account;

import io.panzoto.auth.account.AccountRequests.PasswordConfirmation;
import io.panzoto.auth.account.AccountRequests.ProfileChange;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.auth.user.User;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/me}: the caller's own account: read, change the display name, delete. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    private final AccessTokens tokens;
    private final CredentialService credentials;

    public MeResource(AccessTokens tokens, CredentialService credentials) {
        this.tokens = tokens;
        this.credentials = credentials;
    }

    @GET
    public Uni<AuthResponse.UserView> me(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return MeResource.profile(tokens, authorization);
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

    static Uni<AuthResponse.UserView> profile(AccessTokens tokens, String authorization) {
        AccessTokens.Caller caller = tokens.require(authorization);
        return Panache.withSession(() -> User.<User>findById(caller.userId()))
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("token_invalid", "the account no longer exists"))
                .map(AuthResponse.UserView::of);
    }
}
