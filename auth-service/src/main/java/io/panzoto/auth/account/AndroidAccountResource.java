package io.panzoto.auth.account;

import io.panzoto.auth.security.IpRateLimiter;
import io.panzoto.platform.errors.Outcome;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The Android voice-notes app: {@code POST /api/register}, {@code POST /api/login}. */
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AndroidAccountResource {
    private final AccountService accounts;
    private final IpRateLimiter limiter;

    public AndroidAccountResource(AccountService accounts, IpRateLimiter limiter) {
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
    public Uni<Response> login(Credentials credentials, @Context HttpServerRequest request) {
        limiter.acquire(IpRateLimiter.Action.LOGIN, request);
        return accounts.login(credentials, limiter.clientKey(request)).map(Outcome::orThrow).map(LoginAnswer::toResponse);
    }

    static Uni<Response> created(Uni<AuthResponse> response) {
        return response.map(body -> Response.status(201).entity(body).build());
    }
}
