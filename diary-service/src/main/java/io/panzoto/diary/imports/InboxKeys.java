package io.panzoto.diary.imports;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.envelope.KeyWrap;
import io.panzoto.crypto.sodium.X25519;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The key imports are sealed to, made ready while the user is present. uce: an X25519 pair made once,
 * the private half wrapped (KeyWrap, XChaCha20-Poly1305) by the data key from the request's ticket, so
 * only the user's next ticket opens what was imported meanwhile. e2e: the X25519 key the user
 * registered at auth-service (asked with their token, so a rotation there is taken up at the next
 * request), whose private half never leaves their device.
 */
@ApplicationScoped
public class InboxKeys {
    private static final Logger LOG = Logger.getLogger(InboxKeys.class);

    private final DataKeyTickets tickets;
    private final AuthKeys authKeys;

    public InboxKeys(DataKeyTickets tickets, @RestClient AuthKeys authKeys) {
        this.tickets = tickets;
        this.authKeys = authKeys;
    }

    /**
     * The asker's inbox key, made or refreshed now: uce needs the ticket only the first time; e2e needs a
     * registered X25519 key (409 {@code x25519_key_required}).
     */
    public Uni<InboxKey> ensure(Asker asker, String bearer) {
        return Panache.withSession(() -> InboxKey.<InboxKey>findById(asker.userId())).chain(existing -> {
            if (asker.uce()) {
                return existing != null ? Uni.createFrom().item(existing) : store(uceKey(asker));
            }
            return registeredKey(asker.userId(), bearer).chain(publicKey -> {
                if (existing != null && java.util.Arrays.equals(existing.publicKey, publicKey)) {
                    return Uni.createFrom().item(existing);
                }
                InboxKey key = new InboxKey();
                key.userId = asker.userId();
                key.tier = "e2e";
                key.publicKey = publicKey;
                key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                return store(key);
            });
        });
    }

    /** Whether the asker has an inbox key already (no ticket or registry asked). */
    public static Uni<InboxKey> of(UUID userId) {
        return InboxKey.findById(userId);
    }

    /** The uce inbox's private half, unwrapped by the data key; the caller closes it. */
    static SecretBytes privateKey(InboxKey key, SecretBytes dataKey) {
        return KeyWrap.unwrap(key.wrappedPrivateKey, dataKey, aad(key.userId));
    }

    private InboxKey uceKey(Asker asker) {
        InboxKey key = new InboxKey();
        key.userId = asker.userId();
        key.tier = "uce";
        key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (SecretBytes dataKey = tickets.open(asker); SecretBytes secret = new SecretBytes(SecureRandoms.bytes(X25519.KEY_BYTES))) {
            key.publicKey = X25519.publicKey(secret);
            key.wrappedPrivateKey = KeyWrap.wrap(secret, dataKey, aad(asker.userId()));
        }
        return key;
    }

    /** Inserts or replaces; a concurrent insert of the same user's first key wins and is answered. */
    private static Uni<InboxKey> store(InboxKey key) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.merge(key)))
                .onFailure().recoverWithUni(e -> Panache.withSession(() -> InboxKey.<InboxKey>findById(key.userId))
                        .onItem().ifNull().failWith(e));
    }

    private Uni<byte[]> registeredKey(UUID userId, String bearer) {
        return authKeys.active(userId.toString(), bearer)
                .onFailure().transform(e -> {
                    int status = e instanceof WebApplicationException web ? web.getResponse().getStatus() : 0;
                    LOG.warnf("auth-service's key registry did not answer: HTTP %d (%s)", status, e.getClass().getSimpleName());
                    return status == 401 ? ApiException.unauthorized("token_invalid", "the token was refused")
                            : new ApiException(503, "auth_unavailable", "the key registry could not be reached; try again");
                })
                .map(active -> active.keys() == null ? null : active.keys().stream()
                        .filter(k -> "x25519".equals(k.kind()) && k.publicKey() != null).findFirst()
                        .map(k -> Bytes.fromBase64(k.publicKey())).filter(bytes -> bytes.length == X25519.KEY_BYTES).orElse(null))
                .onItem().ifNull().failWith(() -> ApiException.conflict("x25519_key_required",
                        "an e2e import is sealed to your X25519 key: register one (POST /api/v1/keys) first"));
    }

    private static byte[] aad(UUID userId) {
        return ("panzoto-diary-inbox-key-v1/" + userId).getBytes(StandardCharsets.US_ASCII);
    }
}
