package io.panzoto.messaging.keys;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * auth-service's public-key registry ({@code GET /api/v1/keys/{userId}}), asked with the caller's own
 * access token: messaging-service learns identity keys from their owner, never from a shared database.
 */
@RegisterRestClient(configKey = "auth-keys")
@Path("/api/v1/keys")
public interface IdentityKeys {
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Key(@JsonProperty("id") String id, @JsonProperty("kind") String kind, @JsonProperty("public_key") String publicKey) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ActiveKeys(@JsonProperty("user_id") String userId, @JsonProperty("keys") List<Key> keys) {
    }

    @GET
    @Path("{userId}")
    @Timeout(3000)
    @Retry(maxRetries = 2, delay = 200, abortOn = jakarta.ws.rs.WebApplicationException.class)
    Uni<ActiveKeys> active(@PathParam("userId") String userId, @HeaderParam("Authorization") String bearer);
}
