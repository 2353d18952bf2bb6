package io.panzoto.auth.token;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A refresh token by its hash; the token itself is never stored. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "family_id", nullable = false)
    public UUID familyId;

    @Column(name = "token_hash", nullable = false, unique = true)
    public String tokenHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Override
    public String toString() {
        return "RefreshToken[" + id + "]";
    }

    /** The token with this storage hash, its row locked (rotation and reuse detection race otherwise), or null. */
    public static Uni<RefreshToken> byHashLocked(String tokenHash) {
        return find("tokenHash", tokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Revokes every live token of the user; answers how many were live. */
    public static Uni<Integer> revokeAllOf(UUID userId, Instant at) {
        return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", at, userId);
    }

    public static Uni<Integer> revokeFamily(UUID familyId, Instant at) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", at, familyId);
    }
}
