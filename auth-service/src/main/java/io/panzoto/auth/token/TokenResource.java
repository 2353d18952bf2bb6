package io.panzoto.auth.token;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.user.User;
import io.panzoto.platform.errors.Outcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Refresh-token rotation and logout: {@code /api/v1/auth/refresh|logout|logout-all}. */
@Path("/api/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
    private final RefreshTokens refreshTokens;
    private final AccessTokens accessTokens;

    private final EndedSessions endedSessions;

    public TokenResource(RefreshTokens refreshTokens, AccessTokens accessTokens, EndedSessions endedSessions) {
        this.refreshTokens = refreshTokens;
        this.endedSessions = endedSessions;
        this.accessTokens = accessTokens;
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
        String presented = request == null ? null : request.refreshToken();
        return Panache.withTransaction(() -> refreshTokens.rotate(presented).chain(outcome -> {
            if (outcome.error() != null) {
                return Uni.createFrom().item(Outcome.<TokenPair>failed(outcome.error()));
            }
            RefreshTokens.Rotation rotation = outcome.value();
            return User.<User>findById(rotation.userId()).map(user -> {
                AccessTokens.Issued access = accessTokens.issue(user.id, user.tier);
                return Outcome.ok(new TokenPair(access.token(), "Bearer", access.expiresInSeconds(), rotation.newToken()));
            });
        })).map(Outcome::orThrow);
    }

    public record LoggedOut(@JsonProperty("message") String message) {
    }

    /** {@code revoked}: how many refresh tokens were still live; every earlier access token ends too. */
    public record LoggedOutEverywhere(@JsonProperty("message") String message, @JsonProperty("revoked") int revoked) {
    }

    @POST
    @Path("logout")
    public Uni<LoggedOut> logout(RefreshRequest request) {
        String presented = request == null ? null : request.refreshToken();
        return Panache.withTransaction(() -> refreshTokens.revoke(presented)).replaceWith(new LoggedOut("logged out"));
    }

    @POST
    @Path("logout-all")
    @Consumes(MediaType.WILDCARD)
    public Uni<LoggedOutEverywhere> logoutAll(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        AccessTokens.Caller caller = accessTokens.require(authorization);
        return Panache.withTransaction(() -> endedSessions.endAll(caller.userId()))
                .map(count -> new LoggedOutEverywhere("logged out everywhere", count));
    }
}
