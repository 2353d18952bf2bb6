package io.panzoto.auth.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.MissingFields;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {
    private final Caller caller;
    private final KeyService keys;

    public KeyResource(Caller caller, KeyService keys) {
        this.caller = caller;
        this.keys = keys;
    }

    static final String KEY_REQUIRED = "kind and public_key are required";

    public record KeyUpload(@NotNull(message = KEY_REQUIRED, payload = MissingFields.class) @JsonProperty("kind") String kind,
                            @NotNull(message = KEY_REQUIRED, payload = MissingFields.class) @JsonProperty("public_key") String publicKey,
                            @JsonProperty("password") String password, @JsonProperty("signature") String signature) {
        @Override
        public String toString() {
            return "KeyUpload[" + kind + "]";
        }
    }


    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> publish(@Valid @NotNull(message = KEY_REQUIRED, payload = MissingFields.class) KeyUpload upload) {
        return keys.publish(caller.userId(), upload.kind(), upload.publicKey(), new Reauthentication.Proof(upload.password(), upload.signature()))
                .map(Outcome::orThrow)
                .map(view -> Response.status(201).entity(view).build());
    }

    public record ActiveKeys(@JsonProperty("user_id") String userId, @JsonProperty("keys") List<KeyRegistry.KeyView> keys) {
    }

    @GET
    @Path("{userId}")
    public Uni<ActiveKeys> active(@PathParam("userId") String userId) {
        return keys.activeOf(parse(userId)).map(active -> new ActiveKeys(userId, active));
    }

    @GET
    @Path("{userId}/history")
    public Uni<List<KeyRegistry.KeyView>> history(@PathParam("userId") String userId) {
        return keys.history(parse(userId));
    }

    @DELETE
    @Path("{keyId}")
    public Uni<KeyRegistry.KeyView> revoke(@PathParam("keyId") String keyId, String body) {
        return keys.revoke(caller.userId(), parse(keyId), Reauthentication.proofIn(body)).map(Outcome::orThrow);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such key or user");
        }
    }
}
