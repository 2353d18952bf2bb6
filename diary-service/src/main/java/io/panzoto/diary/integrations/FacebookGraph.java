package io.panzoto.diary.integrations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The Graph API calls the integration makes, with the Quarkus REST client (configured as
 * {@code facebook-graph}: the Graph URL with its version). Access tokens travel as query parameters,
 * as Graph takes them; the client never logs URLs.
 */
@RegisterRestClient(configKey = "facebook-graph")
public interface FacebookGraph {
    /** The authorization code (with its PKCE verifier) for a short-lived user token. */
    @GET
    @Path("/oauth/access_token")
    Uni<Token> exchangeCode(@QueryParam("client_id") String clientId, @QueryParam("client_secret") String clientSecret,
                            @QueryParam("redirect_uri") String redirectUri, @QueryParam("code") String code,
                            @QueryParam("code_verifier") String codeVerifier);

    /** A short-lived user token for a long-lived one (about 60 days). */
    @GET
    @Path("/oauth/access_token")
    Uni<Token> longLived(@QueryParam("grant_type") String grantType, @QueryParam("client_id") String clientId,
                         @QueryParam("client_secret") String clientSecret, @QueryParam("fb_exchange_token") String token);

    @GET
    @Path("/me")
    Uni<Profile> me(@QueryParam("fields") String fields, @QueryParam("access_token") String token);

    /** Revokes the app's permissions: the user's token stops working at Facebook too. */
    @DELETE
    @Path("/me/permissions")
    Uni<Void> revoke(@QueryParam("access_token") String token);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Token(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
                 @JsonProperty("expires_in") Long expiresIn) {
        @Override
        public String toString() {
            return "Token[redacted]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Profile(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    }
}
