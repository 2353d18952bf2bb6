package io.panzoto.auth.account;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
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
}
