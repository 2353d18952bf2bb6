package io.panzoto.auth.face;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A password login waiting for its face: the pending token is stored as its keyed hash only. A uce
 * account's data-key ticket is sealed at the password step (the only moment the password is here) to
 * diary-service's key, and waits here until the face completes the login.
 */
@Entity
@Table(name = "face_login_grants")
public class FaceLoginGrant extends PanacheEntityBase {
    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "data_key_ticket")
    public String dataKeyTicket;

    @Column(name = "ticket_expires_at")
    public Instant ticketExpiresAt;

    @Column(name = "attempts_left", nullable = false)
    public short attemptsLeft;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    static Uni<FaceLoginGrant> byHashLocked(String tokenHash) {
        return findById(tokenHash, LockModeType.PESSIMISTIC_WRITE);
    }

    static Uni<Long> deleteExpired(Instant now) {
        return delete("expiresAt < ?1", now);
    }

    @Override
    public String toString() {
        return "FaceLoginGrant[" + userId + ", redacted]";
    }
}
