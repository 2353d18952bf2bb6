package io.panzoto.messaging.simplex;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import io.smallrye.mutiny.Uni;
import java.util.List;

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

    /** The link's challenges still open at {@code now}, oldest first, after removing the expired ones. */
    public static Uni<List<Challenge>> openOf(long linkId, Instant now) {
        return delete("linkId = ?1 and expiresAt <= ?2", linkId, now)
                .chain(() -> find("linkId = ?1 order by expiresAt, id", linkId).list());
    }

    public static Uni<Long> deleteIds(List<Long> ids) {
        return delete("id in ?1", ids);
    }

    /** Spends the link's unexpired challenge with this hash; answers whether there was one. */
    public static Uni<Boolean> spend(long linkId, String nonceHash, Instant now) {
        return delete("linkId = ?1 and nonceHash = ?2 and expiresAt > ?3", linkId, nonceHash, now).map(deleted -> deleted > 0);
    }

    public static Uni<Long> deleteAllOf(long linkId) {
        return delete("linkId", linkId);
    }
}
