package io.panzoto.diary.integrations;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An authorization in flight: its state by hash, its PKCE verifier sealed, single use. */
@Entity
@Table(name = "oauth_states")
public class OAuthState extends PanacheEntityBase {
    @Id
    @Column(name = "state_hash")
    public String stateHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String provider;

    @Column(name = "verifier_sealed", nullable = false)
    public byte[] verifierSealed;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Override
    public String toString() {
        return "OAuthState[" + userId + ", redacted]";
    }
}
