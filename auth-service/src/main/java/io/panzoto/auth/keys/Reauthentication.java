package io.panzoto.auth.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.auth.user.PasswordLockout;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;

/**
 * What an access token alone may not do (change the password, new recovery codes, delete the account,
 * rotate or revoke public keys, overwrite the key escrow) needs proof that the account's owner is
 * here: the password, through the one lockout, or, for the key operations, a signature by the
 * account's current Ed25519 key over a statement naming the change (so a stolen token cannot swap the
 * keys others encrypt to).
 */
@ApplicationScoped
public class Reauthentication {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PasswordLockout lockout;
    private final KeyRegistry keys;

    public Reauthentication(PasswordLockout lockout, KeyRegistry keys) {
        this.lockout = lockout;
        this.keys = keys;
    }

    /** The proof a request carried: the password, or a base64 Ed25519 signature of the statement. */
    public record Proof(String password, String signature) {
        boolean present() {
            return password != null && !password.isEmpty() || signature != null && !signature.isBlank();
        }

        @Override
        public String toString() {
            return "Proof[redacted]";
        }
    }

    /**
     * The proof in a DELETE's optional JSON body ({@code {"password"}} or {@code {"signature"}}); read as
     * text, since such a request may come without a Content-Type. Empty when there is none.
     */
    public static Proof proofIn(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (!json.isObject()) {
                throw ApiException.badRequest("malformed_json", "the body must be a JSON object");
            }
            return new Proof(json.path("password").isTextual() ? json.path("password").asText() : null,
                    json.path("signature").isTextual() ? json.path("signature").asText() : null);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed_json", "the body must be a JSON object");
        }
    }

    /** The text a key-operation signature covers: the operation, the account and what changes. */
    public static String statement(String operation, UUID userId, String subject) {
        return "panzoto:" + operation + ":v1:" + userId + ":" + subject;
    }

    /**
     * Runs {@code work} in one transaction (the caller's, if it has one) on the caller's locked account
     * once the proof holds; {@code statement} null means only the password is accepted. A refusal is an
     * {@link Outcome}, not a failure, so that the counted wrong password commits: whoever ends the
     * transaction (the resource) throws it afterwards with {@code Outcome::orThrow}.
     */
    @WithTransaction
    public <T> Uni<Outcome<T>> confirmed(UUID userId, Proof proof, String statement, Function<User, Uni<T>> work) {
        if (proof == null || !proof.present()) {
            return Uni.createFrom().item(Outcome.failed(ApiException.unauthorized("reauthentication_required",
                    statement == null ? "password is required" : "password or signature (by your current Ed25519 key) is required")));
        }
        return lockout.lockedAccount(userId).chain(user -> {
            Uni<Outcome<Boolean>> checked = proof.password() != null && !proof.password().isEmpty()
                    ? lockout.verify(user, proof.password(), "the password is wrong")
                    : signed(userId, proof.signature(), statement);
            return checked.chain(verified -> verified.error() != null
                    ? Uni.createFrom().item(Outcome.<T>failed(verified.error()))
                    : work.apply(user).map(Outcome::ok));
        });
    }

    private Uni<Outcome<Boolean>> signed(UUID userId, String signature, String statement) {
        if (statement == null) {
            return Uni.createFrom().item(Outcome.failed(ApiException.unauthorized("reauthentication_required", "password is required")));
        }
        return keys.active(userId).map(active -> active.stream()
                .filter(key -> "ed25519".equals(key.kind()))
                .findFirst()
                .filter(key -> verifies(signature, statement, key.publicKey()))
                .<Outcome<Boolean>>map(key -> Outcome.ok(true))
                .orElseGet(() -> Outcome.failed(ApiException.unauthorized("invalid_signature",
                        "the signature is not by the account's current Ed25519 key over the statement"))));
    }

    private static boolean verifies(String signatureBase64, String statement, String publicKeyBase64) {
        try {
            byte[] signature = Bytes.fromBase64(signatureBase64.trim());
            return signature.length == Ed25519.SIGNATURE_BYTES
                    && Ed25519.verify(signature, statement.getBytes(StandardCharsets.UTF_8), Bytes.fromBase64(publicKeyBase64));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
