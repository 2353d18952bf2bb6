package io.panzoto.auth.account;

import io.panzoto.auth.security.IpRateLimiter;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The SecureSession client: {@code /api/auth/register|login|profile}; register and login as the app's. */
@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SecureSessionAccountResource extends AndroidAccountResource {
    private final Caller caller;
    private final CredentialService credentials;

    public SecureSessionAccountResource(AccountService accounts, IpRateLimiter limiter, Caller caller, CredentialService credentials) {
        super(accounts, limiter);
        this.caller = caller;
        this.credentials = credentials;
    }

    @GET
    @Path("profile")
    @Authenticated
    public Uni<AuthResponse.UserView> profile() {
        return credentials.profile(caller.userId());
    }
}
