package io.panzoto.auth.token;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored signing key: public key in clear, private key wrapped under the key-encryption key. */
@Entity
@Table(name = "signing_keys")
public class SigningKeyRecord extends PanacheEntityBase {
    @Id
    public String kid;

    @Column(nullable = false)
    public String algorithm;

    @Column(name = "public_key", nullable = false)
    public byte[] publicKey;

    @Column(name = "private_key_wrapped", nullable = false)
    public byte[] privateKeyWrapped;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Override
    public String toString() {
        return "SigningKeyRecord[" + kid + "]";
    }
}
