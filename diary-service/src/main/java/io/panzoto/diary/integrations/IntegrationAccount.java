package io.panzoto.diary.integrations;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's connected account at a provider; the token only sealed (IntegrationTokens). */
@Entity
@Table(name = "integration_accounts")
public class IntegrationAccount extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String provider;

    @Column(name = "external_id", nullable = false)
    public String externalId;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "token_sealed", nullable = false)
    public byte[] tokenSealed;

    @Column(name = "token_expires_at")
    public Instant tokenExpiresAt;

    @Column(name = "connected_at", nullable = false)
    public Instant connectedAt;

    /** Where the next Graph import starts: the newest post time of the last one that ended. */
    @Column(name = "synced_until")
    public Instant syncedUntil;

    public static Uni<IntegrationAccount> of(UUID userId, String provider) {
        return find("userId = ?1 and provider = ?2", userId, provider).firstResult();
    }

    @Override
    public String toString() {
        return "IntegrationAccount[" + userId + ", " + provider + ", token redacted]";
    }
}
