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

    /** Deletes the given messages of the link (ids of other links untouched), unseen ones only or all. */
    public static Uni<Integer> deleteOf(long linkId, List<Long> ids, boolean unseenOnly) {
        return delete("linkId = ?1 and id in ?2" + (unseenOnly ? " and seen = false" : ""), linkId, ids).map(Long::intValue);
    }

    /** Marks the given unseen messages of the link seen; answers how many were unseen. */
    public static Uni<Integer> markSeen(long linkId, List<Long> ids) {
        return update("seen = true where linkId = ?1 and id in ?2 and seen = false", linkId, ids);
    }

    public static Uni<Long> deleteAllOf(long linkId) {
        return delete("linkId", linkId);
    }
}
