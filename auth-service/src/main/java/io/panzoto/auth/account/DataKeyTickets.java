package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.config.AuthConfig;
import io.panzoto.auth.keys.Reauthentication;
import io.panzoto.auth.user.PasswordWork;
import io.panzoto.auth.user.Tier;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.DataKeyTicket;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Lends a uce user's data key to diary-service for the life of a session: the key, unwrapped with the
 * password, sealed to diary-service's X25519 key, bound to the user and the login session, stamped with
 * its issue time and expiring with the session ({@link DataKeyTicket}); a logout of that session kills it. The client carries it; only diary-service can open
 * it, and it refuses one issued before the user last ended their sessions. No copy is kept here.
 */
@ApplicationScoped
public class DataKeyTickets {
    private final AuthConfig config;
    private final DataKeys dataKeys;
    private final PasswordWork passwordWork;
    private final Reauthentication reauthentication;
    private final Optional<byte[]> diaryPublicKey;

    public DataKeyTickets(AuthConfig config, DataKeys dataKeys, PasswordWork passwordWork, Reauthentication reauthentication) {
        this.config = config;
        this.dataKeys = dataKeys;
        this.passwordWork = passwordWork;
        this.reauthentication = reauthentication;
        this.diaryPublicKey = config.diaryTicketPublicKey().filter(key -> !key.isBlank()).map(key -> {
            byte[] decoded = Bytes.fromBase64(key.trim());
            if (decoded.length != 32) {
                throw new IllegalStateException("panzoto.auth.diary-ticket-public-key must be 32 bytes in base64");
            }
            return decoded;
        });
    }

    /**
     * A ticket for the password's owner, bound to the session of the token that asks; counted like every
     * password check (a refusal commits).
     */
    @WithTransaction
    public Uni<Outcome<Issued>> issue(UUID userId, UUID sessionId, String password) {
        byte[] publicKey = diaryPublicKey.orElseThrow(() -> ApiException.conflict("tickets_unavailable",
                "this deployment issues no data-key tickets"));
        return reauthentication.confirmed(userId, new Reauthentication.Proof(password, null), null, user -> {
            if (user.tier != Tier.UCE || user.dataKeyWrapped == null) {
                throw new ApiException(409, "wrong_tier", "data-key tickets are for uce accounts; e2e keys never reach the server");
            }
            return passwordWork.run(() -> seal(user, sessionId, password, publicKey));
        });
    }

    /** A ticket and when it stops opening. */
    public record Issued(@JsonProperty("data_key_ticket") String ticket, @JsonProperty("expires_at") Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[until " + expiresAt + "]";
        }
    }

    /** A ticket for a session starting now, from a data key in hand (sign-up); none for e2e or without a diary key. */
    Optional<Issued> sealFor(User user, UUID sessionId, SecretBytes dataKey) {
        if (user.tier != Tier.UCE || diaryPublicKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(seal(user, sessionId, dataKey, diaryPublicKey.get()));
    }

    /** The same at sign-in, the key unwrapped with the password (an Argon2id derivation: blocking). */
    Optional<Issued> sealWithPassword(User user, UUID sessionId, String password) {
        if (user.tier != Tier.UCE || user.dataKeyWrapped == null || diaryPublicKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(seal(user, sessionId, password, diaryPublicKey.get()));
    }

    private Issued seal(User user, UUID sessionId, String password, byte[] publicKey) {
        try (SecretBytes dataKey = dataKeys.unwrapWithPassword(user, password)) {
            return seal(user, sessionId, dataKey, publicKey);
        }
    }

    private Issued seal(User user, UUID sessionId, SecretBytes dataKey, byte[] publicKey) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(config.dataKeyTicketTtl());
        return new Issued(Bytes.base64Url(DataKeyTicket.seal(dataKey, user.id, sessionId, now, expiresAt, publicKey)), expiresAt);
    }
}
