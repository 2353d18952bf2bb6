package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.keys.Reauthentication;
import io.panzoto.crypto.Bytes;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /api/v1/me/key-escrow}: an e2e user's optional escrow, an opaque blob the client encrypted
 * itself (the server cannot read it). uce users have their data key wrapped by the server instead.
 * Storing the first escrow needs only the access token; replacing or deleting one also needs the
 * password or a signature by the current Ed25519 key over {@code panzoto:key-escrow:v1:<user id>:<hex
 * SHA-256 of the new escrow>} or {@code panzoto:key-escrow-deletion:v1:<user id>:escrow}: a stolen
 * token must not be able to destroy the one copy of the user's keys.
 */
@Path("/api/v1/me/key-escrow")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class KeyEscrowResource {
    static final int MAX_BYTES = 16 * 1024;

    private final Caller caller;
    private final KeyEscrows escrows;

    public KeyEscrowResource(Caller caller, KeyEscrows escrows) {
        this.caller = caller;
        this.escrows = escrows;
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
    public Uni<Response> put(EscrowUpload upload) {
        byte[] blob = decode(upload == null ? null : upload.escrow());
        return escrows.store(caller.userId(), blob, new Reauthentication.Proof(upload.password(), upload.signature()))
                .map(Outcome::orThrow).replaceWith(Response.noContent().build());
    }

    @GET
    public Uni<Escrow> get() {
        return escrows.get(caller.userId()).map(blob -> new Escrow(Bytes.base64(blob)));
    }

    @DELETE
    public Uni<Response> delete(String body) {
        return escrows.delete(caller.userId(), Reauthentication.proofIn(body))
                .map(Outcome::orThrow).replaceWith(Response.noContent().build());
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
