package io.panzoto.auth.keys;

import io.panzoto.auth.user.User;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * The key registry's rules, one transaction per command: a first key of a kind needs only the access
 * token; replacing or revoking one needs {@link Reauthentication} (a refusal is an {@link Outcome}, so
 * its counted wrong password commits before the resource throws it).
 */
@ApplicationScoped
public class KeyService {
    private final KeyRegistry registry;
    private final Reauthentication reauthentication;

    public KeyService(KeyRegistry registry, Reauthentication reauthentication) {
        this.registry = registry;
        this.reauthentication = reauthentication;
    }

    @WithTransaction
    public Uni<Outcome<KeyRegistry.KeyView>> publish(UUID userId, String kind, String publicKey, Reauthentication.Proof proof) {
        String normalKind = KeyRegistry.normalKind(kind);
        KeyRegistry.validate(normalKind, publicKey);
        return registry.active(userId).chain(active -> {
            if (active.stream().noneMatch(key -> normalKind.equals(key.kind()))) {
                return registry.register(userId, normalKind, publicKey).map(Outcome::ok);
            }
            String statement = Reauthentication.statement("key-rotation", userId, normalKind + ":" + String.valueOf(publicKey).trim());
            return reauthentication.confirmed(userId, proof, statement, user -> registry.register(userId, normalKind, publicKey));
        });
    }

    /** A user's active keys; 404 if there is no such user. */
    @WithSession
    public Uni<List<KeyRegistry.KeyView>> activeOf(UUID owner) {
        return User.<User>findById(owner)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no such user"))
                .chain(user -> registry.active(owner));
    }

    @WithSession
    public Uni<List<KeyRegistry.KeyView>> history(UUID owner) {
        return registry.history(owner);
    }

    @WithTransaction
    public Uni<Outcome<KeyRegistry.KeyView>> revoke(UUID userId, UUID keyId, Reauthentication.Proof proof) {
        return reauthentication.confirmed(userId, proof, Reauthentication.statement("key-revocation", userId, keyId.toString()),
                user -> registry.revoke(userId, keyId));
    }
}
