package io.panzoto.auth.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One recovery code by its hash; for uce users it also holds the data key wrapped under the code. */
@Entity
@Table(name = "recovery_codes")
public class RecoveryCode extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "code_hash", nullable = false, unique = true)
    public String codeHash;

    @Column(name = "data_key_wrapped")
    public byte[] dataKeyWrapped;

    @Column(name = "kdf_salt")
    public byte[] kdfSalt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Override
    public String toString() {
        return "RecoveryCode[" + id + "]";
    }

    /**
     * The user's unspent code with this hash, its row locked: of two recoveries racing with one code,
     * the second finds it spent.
     */
    public static Uni<RecoveryCode> unspentLocked(UUID userId, String codeHash) {
        return find("userId = ?1 and codeHash = ?2 and usedAt is null", userId, codeHash)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public static Uni<Long> deleteAllOf(UUID userId) {
        return delete("userId", userId);
    }
}
