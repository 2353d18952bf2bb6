package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.crypto.Bytes;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;

/**
 * {@code /api/v1/me/key-escrow}: an e2e user's optional escrow, an opaque blob the client encrypted
 * itself (the server cannot read it). uce users have their data key wrapped by the server instead.
 */
@Path("/api/v1/me/key-escrow")
@Produces(MediaType.APPLICATION_JSON)
public class KeyEscrowResource {
    static final int MAX_BYTES = 16 * 1024;

    private final AccessTokens tokens;

    public KeyEscrowResource(AccessTokens tokens) {
        this.tokens = tokens;
    }

    public record Escrow(@JsonProperty("escrow") String escrow) {
        @Override
        public String toString() {
            return "Escrow[redacted]";
        }
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Escrow escrow) {
        AccessTokens.Caller caller = tokens.require(authorization);
        byte[] blob = decode(escrow);
        return Panache.withTransaction(() -> e2eAccount(caller).invoke(user -> {
            user.keyEscrow = blob;
            user.updatedAt = Instant.now();
        })).replaceWith(Response.noContent().build());
    }

    @GET
    public Uni<Escrow> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        AccessTokens.Caller caller = tokens.require(authorization);
        return Panache.withSession(() -> e2eAccount(caller)).map(user -> {
            if (user.keyEscrow == null) {
                throw ApiException.notFound("no escrow stored");
            }
            return new Escrow(Bytes.base64(user.keyEscrow));
        });
    }

    @DELETE
    public Uni<Response> delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        AccessTokens.Caller caller = tokens.require(authorization);
        return Panache.withTransaction(() -> e2eAccount(caller).invoke(user -> user.keyEscrow = null))
                .replaceWith(Response.noContent().build());
    }

    private static Uni<User> e2eAccount(AccessTokens.Caller caller) {
        return User.<User>findById(caller.userId())
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("token_invalid", "the account no longer exists"))
                .invoke(user -> {
                    if (!"e2e".equals(user.tier)) {
                        throw new ApiException(409, "wrong_tier", "key escrow is for e2e accounts; uce data keys are kept by the server");
                    }
                });
    }

    private static byte[] decode(Escrow escrow) {
        try {
            byte[] blob = escrow == null || escrow.escrow() == null ? null : Bytes.fromBase64(escrow.escrow());
            if (blob == null || blob.length == 0 || blob.length > MAX_BYTES) {
                throw ApiException.badRequest("invalid_escrow", "escrow must be base64 of 1 to " + MAX_BYTES + " bytes");
            }
            return blob;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_escrow", "escrow must be base64");
        }
    }
}
