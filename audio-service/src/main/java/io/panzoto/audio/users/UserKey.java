package io.panzoto.audio.users;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's key salt and tier, as auth-service announced them. */
@Entity
@Table(name = "user_keys")
public class UserKey extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "key_salt", nullable = false)
    public byte[] keySalt;

    @Column(nullable = false)
    public String tier;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;
}
