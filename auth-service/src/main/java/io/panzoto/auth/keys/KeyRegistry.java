package io.panzoto.auth.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.platform.errors.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The e2e tier's public-key registry. Registering a key of a kind the user already has rotates it:
 * the old key is revoked (kept as history) and the new one becomes active. Run inside a transaction.
 */
@ApplicationScoped
public class KeyRegistry {
    private static final Set<String> KINDS = Set.of("x25519", "ed25519");

    /** What clients see of a key. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(@JsonProperty("id") String id, @JsonProperty("user_id") String userId,
                          @JsonProperty("kind") String kind, @JsonProperty("public_key") String publicKey,
                          @JsonProperty("created_at") Instant createdAt, @JsonProperty("revoked_at") Instant revokedAt) {
        static KeyView of(PublicKeyRecord key) {
            return new KeyView(key.id.toString(), key.userId.toString(), key.kind, Bytes.base64(key.publicKey), key.createdAt,
                    key.revokedAt);
        }
    }

    /** The kind as stored ("x25519" or "ed25519"), or 400 for anything else. */
    public static String normalKind(String kind) {
        String normalKind = kind == null ? null : kind.trim().toLowerCase();
        if (normalKind == null || !KINDS.contains(normalKind)) {
            throw ApiException.badRequest("invalid_key_kind", "kind must be x25519 or ed25519");
        }
        return normalKind;
    }

    /** 400 unless the key is a valid public key of the kind: checked before anything else is asked. */
    public static void validate(String kind, String publicKeyBase64) {
        decode(normalKind(kind), publicKeyBase64);
    }

    /** Validates and registers a key, rotating out the active key of the same kind. */
    public Uni<KeyView> register(UUID userId, String kind, String publicKeyBase64) {
        String normalKind = normalKind(kind);
        byte[] key = decode(normalKind, publicKeyBase64);
        Instant now = Instant.now();
        return PublicKeyRecord.revokeActive(userId, normalKind, now)
                .chain(() -> {
                    PublicKeyRecord record = new PublicKeyRecord();
                    record.id = UUID.randomUUID();
                    record.userId = userId;
                    record.kind = normalKind;
                    record.publicKey = key;
                    record.createdAt = now;
                    return record.<PublicKeyRecord>persist();
                }).map(KeyView::of);
    }

    public Uni<List<KeyView>> active(UUID userId) {
        return PublicKeyRecord.activeOf(userId)
                .map(keys -> keys.stream().map(KeyView::of).toList());
    }

    public Uni<List<KeyView>> history(UUID userId) {
        return PublicKeyRecord.historyOf(userId)
                .map(keys -> keys.stream().map(KeyView::of).toList());
    }

    /** Revokes one of the caller's own keys; another user's key is "not found". */
    public Uni<KeyView> revoke(UUID userId, UUID keyId) {
        return PublicKeyRecord.ofUser(userId, keyId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no such key"))
                .map(key -> {
                    if (key.revokedAt == null) {
                        key.revokedAt = Instant.now();
                    }
                    return KeyView.of(key);
                });
    }

    private static byte[] decode(String kind, String base64) {
        byte[] key;
        try {
            key = base64 == null ? null : Bytes.fromBase64(base64.trim());
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null || key.length != 32) {
            throw ApiException.badRequest("invalid_public_key", "public_key must be 32 bytes in base64");
        }
        if ("ed25519".equals(kind)) {
            try {
                Ed25519.toX25519PublicKey(key); // rejects bytes that are not a point on the curve
            } catch (CryptoException e) {
                throw ApiException.badRequest("invalid_public_key", "public_key is not a valid Ed25519 key");
            }
        }
        return key;
    }
}
