package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.keys.Reauthentication;
import io.panzoto.auth.token.AccessTokens;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
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
import java.util.function.Function;

/**
 * {@code /api/v1/me/key-escrow}: an e2e user's optional escrow, an opaque blob the client encrypted
 * itself (the server cannot read it). uce users have their data key wrapped by the server instead.
 * Storing the first escrow needs only the access token; replacing or deleting one also needs the
 * password or a signature by the current Ed25519 key over {@code panzoto:key-escrow:v1:<user id>:<hex
 * SHA-256 of the new escrow>} or {@code panzoto:key-escrow-deletion:v1:<user id>:escrow}: a stolen
 * token must not be able to destroy the one copy of the user's keys.
 */
@Path("/api/v1/me/key-escrow")
@Produces(MediaType.APPLICATION_JSON)
public class KeyEscrowResource {
    static final int MAX_BYTES = 16 * 1024;

    private final AccessTokens tokens;
    private final Reauthentication reauthentication;

    public KeyEscrowResource(AccessTokens tokens, Reauthentication reauthentication) {
        this.tokens = tokens;
        this.reauthentication = reauthentication;
    }

    /** A replacement may carry the password or the signature. */
    public record EscrowUpload(@JsonProperty("escrow") String escrow, @JsonProperty("password") String password,
                               @JsonProperty("signature") String signature) {
        @Override
        public String toString() {
            return "EscrowUpload[redacted]";
        }
    }

    public record Escrow(@JsonProperty("escrow") String escrow) {
        @Override
        public String toString() {
            return "Escrow[redacted]";
        }
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> put(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, EscrowUpload upload) {
        AccessTokens.Caller caller = tokens.require(authorization);
        byte[] blob = decode(upload == null ? null : upload.escrow());
        Function<User, Uni<Void>> store = user -> {
            user.keyEscrow = blob;
            user.updatedAt = Instant.now();
            return Uni.createFrom().voidItem();
        };
        return Panache.withSession(() -> e2eAccount(caller)).chain(user -> {
            if (user.keyEscrow == null) {
                return Panache.withTransaction(() -> e2eAccount(caller).chain(account -> store.apply(account)));
            }
            String statement = Reauthentication.statement("key-escrow", caller.userId(), ContentHash.sha256Hex(blob));
            return reauthentication.confirmed(caller.userId(), new Reauthentication.Proof(upload.password(), upload.signature()), statement,
                    store);
        }).replaceWith(Response.noContent().build());
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
    public Uni<Response> delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        AccessTokens.Caller caller = tokens.require(authorization);
        Reauthentication.Proof proof = Reauthentication.proofIn(body);
        return Panache.withSession(() -> e2eAccount(caller)).chain(() -> reauthentication.confirmed(caller.userId(), proof,
                        Reauthentication.statement("key-escrow-deletion", caller.userId(), "escrow"), user -> {
                            user.keyEscrow = null;
                            user.updatedAt = Instant.now();
                            return Uni.createFrom().voidItem();
                        }))
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

    private static byte[] decode(String escrow) {
        try {
            byte[] blob = escrow == null ? null : Bytes.fromBase64(escrow);
            if (blob == null || blob.length == 0 || blob.length > MAX_BYTES) {
                throw ApiException.badRequest("invalid_escrow", "escrow must be base64 of 1 to " + MAX_BYTES + " bytes");
            }
            return blob;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_escrow", "escrow must be base64");
        }
    }
}
