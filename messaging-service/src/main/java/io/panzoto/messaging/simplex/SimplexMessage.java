package io.panzoto.messaging.simplex;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A sealed box waiting for its link's owner. */
@Entity
@Table(name = "simplex_messages")
public class SimplexMessage extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "link_id", nullable = false)
    public Long linkId;

    @Column(nullable = false)
    public byte[] ciphertext;

    /** The sender's metadata object as JSON text, or null. */
    public String metadata;

    @Column(nullable = false)
    public boolean seen;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
