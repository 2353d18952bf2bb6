package io.panzoto.auth.user;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An account. toString prints no hash or salt. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String email;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "key_salt", nullable = false)
    public byte[] keySalt;

    @Column(nullable = false)
    public Tier tier;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "failed_logins", nullable = false)
    public int failedLogins;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    /** uce only: the data key wrapped under the password key, and how that key is derived. */
    @Column(name = "data_key_wrapped")
    public byte[] dataKeyWrapped;

    @Column(name = "data_key_salt")
    public byte[] dataKeySalt;

    @Column(name = "data_key_memory_kib")
    public Integer dataKeyMemoryKib;

    @Column(name = "data_key_iterations")
    public Integer dataKeyIterations;

    /** e2e only: an opaque blob the client encrypted and chose to escrow. */
    @Column(name = "key_escrow")
    public byte[] keyEscrow;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Override
    public String toString() {
        return "User[" + id + "]";
    }

    /** The account with this (normalised) email, or null. */
    public static Uni<User> byEmail(String email) {
        return find("email", email).firstResult();
    }

    /** The same, its row locked until the transaction ends: parallel password checks queue. */
    public static Uni<User> byEmailLocked(String email) {
        return find("email", email).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
