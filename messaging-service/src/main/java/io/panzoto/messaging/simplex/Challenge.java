package io.panzoto.messaging.simplex;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An outstanding challenge: only the hash of its nonce is kept, and it is deleted when presented. */
@Entity
@Table(name = "simplex_challenges")
public class Challenge extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "link_id", nullable = false)
    public Long linkId;

    @Column(name = "nonce_hash", nullable = false)
    public String nonceHash;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
