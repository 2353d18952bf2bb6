package io.panzoto.messaging.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.sodium.Ed25519;
import io.panzoto.crypto.sodium.X25519;
import io.panzoto.messaging.events.SessionActivity;
import io.panzoto.messaging.sessions.SessionIds;
import io.panzoto.messaging.sessions.SessionSql;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.Outbox;
import io.panzoto.platform.outbox.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * SecureSession's forward-secret key exchange (the ECC the seed names). Each participant posts an
 * ephemeral X25519 public key for the session, signed with its Ed25519 identity key over
 * {@code panzoto:session-key:v1:<session id>:<user id>:<public key, base64>}; the signature is checked
 * against the key the user registered at auth-service, and the set is handed to every participant.
 * Clients derive the session key from their own ephemeral private key and the others' public keys; the
 * server only relays public material, and the private halves die with the session on the clients.
 */
@ApplicationScoped
public class SessionKeys {
    private static final Logger LOG = Logger.getLogger(SessionKeys.class);
    private static final String COLUMNS = "user_id, public_key, signature, identity_key_id, identity_key, created_at";
    /** Stores (or replaces: a participant may rekey) the caller's key, if the caller takes part in the live session. */
    private static final String PUT = """
            WITH session AS (""" + SessionSql.liveSessionOf("$1", "$2") + """
            ),
            stored AS (
                INSERT INTO secure_session_keys (session_id, user_id, public_key, signature, identity_key_id, identity_key, created_at)
                SELECT id, $2, $3, $4, $5, $6, $7 FROM session
                ON CONFLICT (session_id, user_id) DO UPDATE SET public_key = excluded.public_key, signature = excluded.signature,
                    identity_key_id = excluded.identity_key_id, identity_key = excluded.identity_key, created_at = excluded.created_at
                RETURNING session_id),
            event AS (
                """ + Outbox.INSERT_INTO + """
                SELECT $8, $9, $1::text, $10, $11, $7 FROM stored)
            SELECT count(*) AS stored FROM stored""";
    private static final String LIST = "SELECT " + COLUMNS + " FROM secure_session_keys k WHERE k.session_id = $1"
            + " AND EXISTS (" + SessionSql.liveSessionOf("$1", "$2") + ") ORDER BY k.created_at, k.user_id";
    private static final String VISIBLE = SessionSql.liveSessionOf("$1", "$2");
    private static final String ONE = "SELECT " + COLUMNS + " FROM secure_session_keys WHERE session_id = $1 AND user_id = $2";

    private final Pool database;
    private final IdentityKeys identities;
    private final Outbox outbox;
    private final OutboxRelay relay;

    public SessionKeys(Pool database, @RestClient IdentityKeys identities, Outbox outbox, OutboxRelay relay) {
        this.database = database;
        this.identities = identities;
        this.outbox = outbox;
        this.relay = relay;
    }

    public record KeyRequest(@JsonProperty("public_key") String publicKey, @JsonProperty("signature") String signature) {
    }

    /** A participant's ephemeral key, its signature and the identity key that made it (clients check it again). */
    public record KeyView(@JsonProperty("user_id") String userId, @JsonProperty("public_key") String publicKey,
                          @JsonProperty("signature") String signature, @JsonProperty("identity_key_id") String identityKeyId,
                          @JsonProperty("identity_key") String identityKey, @JsonProperty("created_at") Instant createdAt) {
    }

    public record KeySet(@JsonProperty("keys") List<KeyView> keys) {
    }

    /** What a participant signs: binds the key to this session and this user, so it cannot be replayed elsewhere. */
    public static byte[] signedText(String sessionId, String userId, String publicKeyBase64) {
        return ("panzoto:session-key:v1:" + sessionId + ":" + userId + ":" + publicKeyBase64).getBytes(StandardCharsets.UTF_8);
    }

    public Uni<KeyView> post(UUID userId, String bearer, String sessionId, KeyRequest request) {
        UUID session = SessionIds.parse(sessionId, "no such session");
        if (request == null || request.publicKey() == null || request.signature() == null) {
            throw ApiException.badRequest("missing_fields", "public_key and signature are required");
        }
        String publicKeyText = request.publicKey().trim();
        byte[] publicKey = base64("public_key", publicKeyText);
        byte[] signature = base64("signature", request.signature());
        if (publicKey.length != X25519.KEY_BYTES) {
            throw ApiException.badRequest("invalid_public_key", "public_key is a 32-byte X25519 public key");
        }
        if (signature.length != Ed25519.SIGNATURE_BYTES) {
            throw ApiException.badRequest("invalid_signature", "signature is a 64-byte Ed25519 signature");
        }
        // A stranger learns nothing, not even whether it has an identity key: 404 before auth-service is asked.
        return visible(session, userId).chain(() -> identityKey(userId, bearer)).chain(identity -> {
            byte[] identityKey = Bytes.fromBase64(identity.publicKey());
            if (!Ed25519.verify(signature, signedText(session.toString(), userId.toString(), publicKeyText), identityKey)) {
                throw ApiException.badRequest("invalid_signature",
                        "the signature is not by your registered Ed25519 key over panzoto:session-key:v1:<session>:<user>:<public_key>");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Outbox.PendingEvent event = outbox.prepare(SessionActivity.TOPIC, SessionActivity.TYPE, SessionActivity.SCHEMA_VERSION,
                    session.toString(), new SessionActivity(session.toString(), SessionActivity.KEY, userId.toString()));
            Tuple values = Tuple.tuple().addUUID(session).addUUID(userId).addValue(io.vertx.core.buffer.Buffer.buffer(publicKey))
                    .addValue(io.vertx.core.buffer.Buffer.buffer(signature)).addUUID(UUID.fromString(identity.id()))
                    .addValue(io.vertx.core.buffer.Buffer.buffer(identityKey)).addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                    .addUUID(event.envelope().eventId()).addString(event.topic()).addString(event.envelope().type())
                    .addString(event.payload());
            return database.preparedQuery(PUT).execute(values).map(rows -> {
                if (rows.iterator().next().getLong("stored") == 0) {
                    throw ApiException.notFound("no such session");
                }
                relay.publishSoon();
                return new KeyView(userId.toString(), Bytes.base64(publicKey), Bytes.base64(signature), identity.id(),
                        identity.publicKey(), now);
            });
        });
    }

    /** Every participant's key so far; 404 to anyone outside the session. */
    public Uni<KeySet> keys(UUID userId, String sessionId) {
        UUID session = SessionIds.parse(sessionId, "no such session");
        return database.preparedQuery(LIST).execute(Tuple.of(session, userId)).chain(rows -> {
            List<KeyView> keys = new ArrayList<>(rows.size());
            rows.forEach(row -> keys.add(view(row)));
            if (!keys.isEmpty()) {
                return Uni.createFrom().item(new KeySet(keys));
            }
            return visible(session, userId).replaceWith(new KeySet(List.of())); // none yet, or not the caller's session
        });
    }

    /** Fails with 404 unless the session lives and the user takes part in it. */
    private Uni<Void> visible(UUID session, UUID userId) {
        return database.preparedQuery(VISIBLE).execute(Tuple.of(session, userId)).map(rows -> {
            if (rows.size() == 0) {
                throw ApiException.notFound("no such session");
            }
            return null;
        });
    }

    /** One participant's key, for the sockets that announce it. */
    public Uni<KeyView> keyOf(UUID sessionId, UUID userId) {
        return database.preparedQuery(ONE).execute(Tuple.of(sessionId, userId))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /** The caller's active Ed25519 key at auth-service; 409 when there is none to check against. */
    private Uni<IdentityKeys.Key> identityKey(UUID userId, String bearer) {
        return identities.active(userId.toString(), bearer)
                .onFailure().transform(failure -> {
                    if (failure instanceof WebApplicationException refused && refused.getResponse().getStatus() == 401) {
                        return ApiException.unauthorized("token_invalid", "Token is invalid or expired");
                    }
                    LOG.warnf("auth-service's key registry unreachable: %s", failure.getClass().getSimpleName());
                    return ApiException.serviceUnavailable("key_registry_unavailable",
                            "the key registry could not be asked; try again shortly", java.time.Duration.ofSeconds(5));
                })
                .map(active -> active.keys() == null ? null : active.keys().stream()
                        .filter(key -> "ed25519".equals(key.kind())).findFirst().orElse(null))
                .onItem().ifNull().failWith(() -> ApiException.conflict("identity_key_missing",
                        "register an Ed25519 identity key at /api/v1/keys before posting session keys"));
    }

    private static KeyView view(Row row) {
        return new KeyView(row.getUUID("user_id").toString(), Bytes.base64(row.getBuffer("public_key").getBytes()),
                Bytes.base64(row.getBuffer("signature").getBytes()), row.getUUID("identity_key_id").toString(),
                Bytes.base64(row.getBuffer("identity_key").getBytes()), row.getOffsetDateTime("created_at").toInstant());
    }

    private static byte[] base64(String field, String value) {
        try {
            return Bytes.fromBase64(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_base64", field + " is not base64");
        }
    }
}
