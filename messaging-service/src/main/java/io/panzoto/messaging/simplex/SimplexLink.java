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

/** A recipient's link: its Ed25519 key and the hashes of its link and fetch tokens. */
@Entity
@Table(name = "simplex_links")
public class SimplexLink extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "link_token_hash", nullable = false)
    public String linkTokenHash;

    @Column(name = "fetch_token_hash", nullable = false)
    public String fetchTokenHash;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "unseen_count", nullable = false)
    public int unseenCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "rotated_at")
    public Instant rotatedAt;

    public static Uni<SimplexLink> byLinkTokenHash(String linkTokenHash) {
        return find("linkTokenHash", linkTokenHash).firstResult();
    }

    public static Uni<Integer> releaseUnseen(long id, int count) {
        return update("unseenCount = unseenCount - ?1 where id = ?2", count, id);
    }
}
