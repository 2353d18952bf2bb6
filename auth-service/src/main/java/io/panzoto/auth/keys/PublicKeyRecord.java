package io.panzoto.auth.keys;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user's published public key; revoked keys stay as history. */
@Entity
@Table(name = "public_keys")
public class PublicKeyRecord extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String kind;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** Revokes the user's active key of the kind (a rotation), if there is one. */
    public static Uni<Integer> revokeActive(UUID userId, String kind, Instant at) {
        return update("revokedAt = ?1 where userId = ?2 and kind = ?3 and revokedAt is null", at, userId, kind);
    }

    public static Uni<List<PublicKeyRecord>> activeOf(UUID userId) {
        return list("userId = ?1 and revokedAt is null order by kind", userId);
    }

    /** Every key the user ever published, newest first. */
    public static Uni<List<PublicKeyRecord>> historyOf(UUID userId) {
        return list("userId = ?1 order by createdAt desc", userId);
    }

    /** The user's key with this id, or null: another user's key is not found either. */
    public static Uni<PublicKeyRecord> ofUser(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }
}
