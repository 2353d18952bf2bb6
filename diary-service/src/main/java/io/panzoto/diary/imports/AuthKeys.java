package io.panzoto.diary.imports;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's public-key registry ({@code auth-keys}), asked with the caller's own token. */
@RegisterRestClient(configKey = "auth-keys")
public interface AuthKeys {
    @GET
    @Path("/api/v1/keys/{userId}")
    Uni<ActiveKeys> active(@PathParam("userId") String userId, @HeaderParam("Authorization") String bearer);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ActiveKeys(@JsonProperty("keys") List<Key> keys) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Key(@JsonProperty("kind") String kind, @JsonProperty("public_key") String publicKey) {
    }
}
