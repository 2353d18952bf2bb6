package io.panzoto.auth.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.auth.user.User;
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
import java.util.UUID;

/**
 * {@code /api/v1/keys}: publish, rotate and revoke one's own public keys; read anyone's active keys
 * (they are public, but reading still needs an account, to keep the directory from being scraped).
 * A first key of a kind needs only the access token; rotating or revoking one also needs the password
 * or a signature by the current Ed25519 key over {@code panzoto:key-rotation:v1:<user id>:<kind>:<new
 * public key>} or {@code panzoto:key-revocation:v1:<user id>:<key id>}, so a stolen token cannot swap the
 * keys others encrypt to.
 */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {
    private final AccessTokens tokens;
    private final KeyRegistry registry;
    private final Reauthentication reauthentication;

    public KeyResource(AccessTokens tokens, KeyRegistry registry, Reauthentication reauthentication) {
        this.tokens = tokens;
        this.registry = registry;
        this.reauthentication = reauthentication;
    }

    public record KeyUpload(@JsonProperty("kind") String kind, @JsonProperty("public_key") String publicKey,
                            @JsonProperty("password") String password, @JsonProperty("signature") String signature) {
        @Override
        public String toString() {
            return "KeyUpload[" + kind + "]";
        }
    }


    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, KeyUpload upload) {
        AccessTokens.Caller caller = tokens.require(authorization);
        if (upload == null) {
            throw ApiException.badRequest("missing_fields", "kind and public_key are required");
        }
        String kind = KeyRegistry.normalKind(upload.kind());
        KeyRegistry.validate(kind, upload.publicKey());
        UUID userId = caller.userId();
        return Panache.withSession(() -> registry.active(userId)).chain(active -> {
            if (active.stream().noneMatch(key -> kind.equals(key.kind()))) {
                return Panache.withTransaction(() -> registry.register(userId, kind, upload.publicKey()));
            }
            String statement = Reauthentication.statement("key-rotation", userId, kind + ":" + String.valueOf(upload.publicKey()).trim());
            return reauthentication.confirmed(userId, new Reauthentication.Proof(upload.password(), upload.signature()), statement,
                    user -> registry.register(userId, kind, upload.publicKey()));
        }).map(view -> Response.status(201).entity(view).build());
    }

    public record ActiveKeys(@JsonProperty("user_id") String userId, @JsonProperty("keys") List<KeyRegistry.KeyView> keys) {
    }

    @GET
    @Path("{userId}")
    public Uni<ActiveKeys> active(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("userId") String userId) {
        tokens.require(authorization);
        UUID owner = parse(userId);
        return Panache.withSession(() -> User.<User>findById(owner)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no such user"))
                .chain(user -> registry.active(owner)))
                .map(keys -> new ActiveKeys(userId, keys));
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
    public Uni<KeyRegistry.KeyView> revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("keyId") String keyId,
                                           String body) {
        AccessTokens.Caller caller = tokens.require(authorization);
        UUID id = parse(keyId);
        return reauthentication.confirmed(caller.userId(), Reauthentication.proofIn(body), Reauthentication.statement("key-revocation", caller.userId(), id.toString()),
                user -> registry.revoke(caller.userId(), id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such key or user");
        }
    }
}
