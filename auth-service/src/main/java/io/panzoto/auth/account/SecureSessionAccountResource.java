package io.panzoto.auth.account;

import io.panzoto.auth.security.IpRateLimiter;
import io.panzoto.auth.token.AccessTokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The SecureSession client: {@code /api/auth/register|login|profile}; register and login as the app's. */
@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SecureSessionAccountResource extends AndroidAccountResource {
    private final AccessTokens tokens;

    public SecureSessionAccountResource(AccountService accounts, IpRateLimiter limiter, AccessTokens tokens) {
        super(accounts, limiter);
        this.tokens = tokens;
    }

    @GET
    @Path("profile")
    public Uni<AuthResponse.UserView> profile(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return MeResource.profile(tokens, authorization);
    }
}
