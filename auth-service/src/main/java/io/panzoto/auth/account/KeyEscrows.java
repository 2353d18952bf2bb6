package io.panzoto.auth.account;

import io.panzoto.auth.keys.Reauthentication;
import io.panzoto.auth.user.Tier;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.ContentHash;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * An e2e user's key escrow, one transaction per command: the first one needs only the access token;
 * replacing or deleting it needs {@link Reauthentication} (a refusal is an {@link Outcome}, so its
 * counted wrong password commits before the resource throws it).
 */
@ApplicationScoped
public class KeyEscrows {
    private final Reauthentication reauthentication;

    public KeyEscrows(Reauthentication reauthentication) {
        this.reauthentication = reauthentication;
    }

    @WithTransaction
    public Uni<Outcome<Void>> store(UUID userId, byte[] escrow, Reauthentication.Proof proof) {
        return e2eAccount(userId).chain(user -> {
            if (user.keyEscrow == null) {
                return replace(user, escrow).map(Outcome::ok);
            }
            String statement = Reauthentication.statement("key-escrow", userId, ContentHash.sha256Hex(escrow));
            return reauthentication.confirmed(userId, proof, statement, account -> replace(account, escrow));
        });
    }

    /** The stored escrow; 404 when there is none. */
    @WithSession
    public Uni<byte[]> get(UUID userId) {
        return e2eAccount(userId).map(user -> {
            if (user.keyEscrow == null) {
                throw ApiException.notFound("no escrow stored");
            }
            return user.keyEscrow;
        });
    }

    @WithTransaction
    public Uni<Outcome<Void>> delete(UUID userId, Reauthentication.Proof proof) {
        return e2eAccount(userId).chain(() -> reauthentication.confirmed(userId, proof,
                Reauthentication.statement("key-escrow-deletion", userId, "escrow"), user -> replace(user, null)));
    }

    private static Uni<Void> replace(User user, byte[] escrow) {
        user.keyEscrow = escrow;
        user.updatedAt = Instant.now();
        return Uni.createFrom().voidItem();
    }

    private static Uni<User> e2eAccount(UUID userId) {
        return User.<User>findById(userId)
                .onItem().ifNull().failWith(() -> ApiException.unauthorized("token_invalid", "the account no longer exists"))
                .invoke(user -> {
                    if (user.tier != Tier.E2E) {
                        throw new ApiException(409, "wrong_tier", "key escrow is for e2e accounts; uce data keys are kept by the server");
                    }
                });
    }
}
