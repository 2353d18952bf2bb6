package io.panzoto.auth.face;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's enrolled face: the sealed template only (FaceTemplates seals and opens it). */
@Entity
@Table(name = "face_templates")
public class FaceTemplate extends PanacheEntityBase {
    @Id
    @Column(name = "user_id")
    public UUID userId;

    /** RecordSealer's layout under the template key; AAD: user, "face-template", version 1. */
    @Column(name = "template", nullable = false)
    public byte[] template;

    @Column(name = "photos", nullable = false)
    public short photos;

    @Column(name = "login_factor", nullable = false)
    public boolean loginFactor;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static Uni<FaceTemplate> of(UUID userId) {
        return findById(userId);
    }

    @Override
    public String toString() {
        return "FaceTemplate[" + userId + ", template redacted]";
    }
}
