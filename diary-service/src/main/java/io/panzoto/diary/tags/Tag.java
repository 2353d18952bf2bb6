package io.panzoto.diary.tags;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** A user's tag: a blind token to find it by name, the name sealed (uce) or the client's ciphertext (e2e). */
@Entity
@Table(name = "tags")
public class Tag extends PanacheEntityBase {
    public static final String USER = "user";
    public static final String AUTO = "auto";

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "token", nullable = false)
    public String token;

    @Column(name = "name", nullable = false)
    public byte[] name;

    @Column(name = "nonce")
    public byte[] nonce;

    @Column(name = "kind", nullable = false)
    public String kind;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Uni<Tag> ofUser(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    public static Uni<Tag> byToken(UUID userId, String token) {
        return find("userId = ?1 and token = ?2", userId, token).firstResult();
    }

    public static Uni<List<Tag>> allOf(UUID userId) {
        return list("userId = ?1 order by createdAt", userId);
    }

    public static Uni<List<Tag>> byTokens(UUID userId, Collection<String> tokens) {
        return list("userId = ?1 and token in ?2", userId, tokens);
    }

    public static Uni<Long> deleteAllOf(UUID userId) {
        return delete("userId", userId);
    }
}
