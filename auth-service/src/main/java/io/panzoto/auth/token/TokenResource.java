package io.panzoto.auth.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Refresh-token rotation and logout: {@code /api/v1/auth/refresh|logout|logout-all}. */
@Path("/api/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    private final TokenService tokens;
    private final Caller caller;

    public TokenResource(TokenService tokens, Caller caller) {
        this.tokens = tokens;
        this.caller = caller;
    }

    public record RefreshRequest(@JsonProperty("refresh_token") String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[redacted]";
        }
    }

    public record TokenPair(@JsonProperty("token") String token, @JsonProperty("token_type") String tokenType,
                            @JsonProperty("expires_in") long expiresIn, @JsonProperty("refresh_token") String refreshToken) {
        @Override
        public String toString() {
            return "TokenPair[redacted]";
        }
    }

    @POST
    @Path("refresh")
    public Uni<TokenPair> refresh(RefreshRequest request) {
        return tokens.refresh(request == null ? null : request.refreshToken()).map(Outcome::orThrow);
    }

    public record LoggedOut(@JsonProperty("message") String message) {
    }

    /** {@code revoked}: how many refresh tokens were still live; every earlier access token ends too. */
    public record LoggedOutEverywhere(@JsonProperty("message") String message, @JsonProperty("revoked") int revoked) {
    }

    @POST
    @Path("logout")
    public Uni<LoggedOut> logout(RefreshRequest request) {
        return tokens.logout(request == null ? null : request.refreshToken()).replaceWith(new LoggedOut("logged out"));
    }

    @POST
    @Path("logout-all")
    @Authenticated
    @Consumes(MediaType.WILDCARD)
    public Uni<LoggedOutEverywhere> logoutAll() {
        return tokens.logoutEverywhere(caller.userId())
                .map(count -> new LoggedOutEverywhere("logged out everywhere", count));
    }
}
