package io.panzoto.auth.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.account.User;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/keys}: publish, rotate and revoke one's own public keys; read anyone's active keys
 * (they are public, but reading still needs an account, to keep the directory from being scraped).
 */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {
    private final AccessTokens tokens;
    private final KeyRegistry registry;

    public KeyResource(AccessTokens tokens, KeyRegistry registry) {
        this.tokens = tokens;
        this.registry = registry;
    }

    public record KeyUpload(@JsonProperty("kind") String kind, @JsonProperty("public_key") String publicKey) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, KeyUpload upload) {
        AccessTokens.Caller caller = tokens.require(authorization);
        if (upload == null) {
            throw ApiException.badRequest("missing_fields", "kind and public_key are required");
        }
        return Panache.withTransaction(() -> registry.register(caller.userId(), upload.kind(), upload.publicKey()))
                .map(view -> Response.status(201).entity(view).build());
    }

    @GET
    @Path("{userId}")
    public Uni<Map<String, Object>> active(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("userId") String userId) {
        tokens.require(authorization);
        UUID owner = parse(userId);
        return Panache.withSession(() -> User.<User>findById(owner)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no such user"))
                .chain(user -> registry.active(owner)))
                .map(keys -> Map.of("user_id", userId, "keys", keys));
    }

    @GET
    @Path("{userId}/history")
    public Uni<List<KeyRegistry.KeyView>> history(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                   @PathParam("userId") String userId) {
        tokens.require(authorization);
        return Panache.withSession(() -> registry.history(parse(userId)));
    }

    @DELETE
    @Path("{keyId}")
    public Uni<KeyRegistry.KeyView> revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("keyId") String keyId) {
        AccessTokens.Caller caller = tokens.require(authorization);
        return Panache.withTransaction(() -> registry.revoke(caller.userId(), parse(keyId)));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such key or user");
        }
    }
}
