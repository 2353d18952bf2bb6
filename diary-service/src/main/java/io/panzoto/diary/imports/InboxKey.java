package io.panzoto.diary.imports;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * The X25519 key a user's imports are sealed to while they are away: uce, a pair made here whose private
 * half only the data key unwraps; e2e, the user's registered key (public half only).
 */
@Entity
@Table(name = "inbox_keys")
public class InboxKey extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(nullable = false)
    public String tier;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "wrapped_private_key")
    public byte[] wrappedPrivateKey;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Override
    public String toString() {
        return "InboxKey[" + userId + ", " + tier + "]";
    }
}
