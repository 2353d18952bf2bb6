package io.panzoto.messaging.sessions;

import io.panzoto.crypto.Bytes;
import io.panzoto.messaging.config.MessagingConfig;
import io.panzoto.crypto.token.Tokens;
import io.panzoto.messaging.sessions.SessionViews.Acknowledgement;
import io.panzoto.messaging.sessions.SessionViews.CreateRequest;
import io.panzoto.messaging.sessions.SessionViews.Invite;
import io.panzoto.messaging.sessions.SessionViews.MessagePage;
import io.panzoto.messaging.sessions.SessionViews.MessageRequest;
import io.panzoto.messaging.sessions.SessionViews.Posted;
import io.panzoto.messaging.sessions.SessionViews.SessionView;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.OutboxRelay;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * SecureSession's rules: who may create, see, post to and end a session, its lifetime and limits, and
 * the checks on what clients send. The server relays ciphertext and never holds a session key.
 */
@ApplicationScoped
public class SecureSessions {
    /** The AEADs clients may use, with their nonce lengths (and both carry a 16-byte tag). */
    static final Map<String, Integer> NONCE_BYTES = Map.of("aes-256-gcm", 12, "xchacha20-poly1305", 24);
    private static final int TAG_BYTES = 16;

    private static final Duration INVITE_TTL = Duration.ofDays(1);

    private final MessagingConfig.Sessions config;
    private final SessionStore store;
    private final OutboxRelay relay;
    private final Tokens tokens;

    public SecureSessions(MessagingConfig config, SessionStore store, OutboxRelay relay, Tokens tokens) {
        this.config = config.sessions();
        this.store = store;
        this.relay = relay;
        this.tokens = tokens;
    }

    public Uni<SessionView> create(UUID creator, CreateRequest request) {
        CreateRequest asked = request == null ? new CreateRequest(null, null, null, null) : request;
        Set<UUID> participants = new LinkedHashSet<>();
        participants.add(creator);
        for (String participant : asked.participants() == null ? List.<String>of() : asked.participants()) {
            participants.add(userId(participant));
        }
        if (participants.size() > config.maxParticipants()) {
            throw ApiException.badRequest("too_many_participants",
                    "a session has at most " + config.maxParticipants() + " participants, its creator included");
        }
        Duration ttl = config.defaultTtl();
        if (asked.ttlSeconds() != null) {
            if (asked.ttlSeconds() < 60 || asked.ttlSeconds() > config.maxTtl().toSeconds()) {
                throw ApiException.badRequest("invalid_ttl", "ttl_seconds must be between 60 and " + config.maxTtl().toSeconds());
            }
            ttl = Duration.ofSeconds(asked.ttlSeconds());
        }
        if (asked.maxMessages() != null && asked.maxMessages() < 1) {
            throw ApiException.badRequest("invalid_max_messages", "max_messages must be at least 1");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // PostgreSQL's precision: the answer reads as stored
        SessionStore.NewSession session = new SessionStore.NewSession(UUID.randomUUID(), creator, List.copyOf(participants),
                Boolean.TRUE.equals(asked.burnAfterReading()), asked.maxMessages(), now, now.plus(ttl));
        return store.create(session, config.maxActivePerUser()).chain(created -> {
            if (!created) {
                throw ApiException.tooManyRequests("too_many_sessions", "at most " + config.maxActivePerUser()
                        + " active sessions; end one first", Duration.ofMinutes(1));
            }
            return store.find(creator, session.id());
        });
    }

    public Uni<List<SessionView>> mine(UUID userId) {
        return store.mine(userId);
    }

    /** The session, to its participants while it lives; 404 to anyone else. */
    public Uni<SessionView> get(UUID userId, String sessionId) {
        return store.find(userId, sessionIdOf(sessionId)).onItem().ifNull().failWith(SecureSessions::unknown);
    }

    public Uni<Void> end(UUID userId, String sessionId) {
        return store.end(sessionIdOf(sessionId), userId).map(ended -> {
            if (!ended) {
                throw unknown();
            }
            relay.publishSoon(); // other replicas close the session's sockets
            return null;
        });
    }

    /**
     * A single-use invitation to the session, for someone whose user id the inviter does not know: the
     * token is shown once (only its HMAC hash is kept) and lives a day at most, never past the session.
     */
    public Uni<Invite> invite(UUID inviter, String sessionId) {
        UUID id = sessionIdOf(sessionId);
        String token = Tokens.generate();
        return store.invite(id, inviter, tokens.storageHash(token), Instant.now().plus(INVITE_TTL)).map(expiresAt -> {
            if (expiresAt == null) {
                throw unknown();
            }
            return new Invite(token, sessionId, expiresAt);
        });
    }

    /** Joins the session an invitation opens; the invitation is spent by a successful join only. */
    public Uni<SessionView> join(UUID userId, String inviteToken) {
        String token = inviteToken == null ? null : Tokens.canonical(inviteToken).orElse(null);
        if (token == null) {
            throw ApiException.notFound("no such invitation");
        }
        return store.join(tokens.storageHash(token), userId, config.maxParticipants(), Instant.now()).chain(outcome -> {
            if (outcome.refusal() != null) {
                throw switch (outcome.refusal()) {
                    case UNKNOWN_INVITE -> ApiException.notFound("no such invitation");
                    case ALREADY_PARTICIPANT -> ApiException.conflict("already_participant", "you take part in this session already");
                    case FULL -> ApiException.conflict("session_full", "the session has all the participants it allows");
                };
            }
            return store.find(userId, outcome.sessionId());
        });
    }

    public Uni<Posted> post(UUID senderId, String sessionId, MessageRequest message) {
        UUID id = sessionIdOf(sessionId);
        if (message == null || message.ciphertext() == null || message.nonce() == null) {
            throw ApiException.badRequest("missing_fields", "ciphertext and nonce are required");
        }
        String algorithm = message.algorithm() == null ? "aes-256-gcm" : message.algorithm();
        Integer nonceBytes = NONCE_BYTES.get(algorithm);
        if (nonceBytes == null) {
            throw ApiException.badRequest("invalid_algorithm", "algorithm must be one of " + NONCE_BYTES.keySet());
        }
        byte[] nonce = base64("nonce", message.nonce());
        byte[] ciphertext = base64("ciphertext", message.ciphertext());
        if (nonce.length != nonceBytes) {
            throw ApiException.badRequest("invalid_nonce", algorithm + " takes a " + nonceBytes + "-byte nonce");
        }
        if (ciphertext.length < TAG_BYTES + 1) {
            throw ApiException.badRequest("ciphertext_too_short", "ciphertext is shorter than an AEAD tag plus one byte");
        }
        if (ciphertext.length > config.maxMessageBytes()) {
            throw new ApiException(413, "message_too_large", "ciphertext is larger than " + config.maxMessageBytes()
                    + " bytes; send larger payloads as a file");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return store.post(id, senderId, algorithm, nonce, ciphertext, now).map(outcome -> {
            if (!outcome.visible()) {
                throw unknown();
            }
            if (outcome.messageId() == null) {
                throw ApiException.conflict("message_limit_reached", "this session took all the messages it allows");
            }
            relay.publishSoon(); // every replica tells its sockets in the session
            return new Posted(outcome.messageId(), now);
        });
    }

    /**
     * Records that the reader has read these messages of the session (ids of other sessions and the
     * reader's own messages are ignored). In a burn-after-reading session a message is deleted once
     * every participant but its sender has acknowledged it.
     */
    public Uni<Acknowledgement> acknowledge(UUID reader, String sessionId, List<Long> messageIds) {
        UUID id = sessionIdOf(sessionId);
        if (messageIds == null || messageIds.isEmpty() || messageIds.contains(null)) {
            throw ApiException.badRequest("missing_fields", "message_ids is required");
        }
        if (messageIds.size() > config.maxPageSize()) {
            throw ApiException.badRequest("too_many_ids", "at most " + config.maxPageSize() + " message_ids at once");
        }
        return store.acknowledge(id, reader, messageIds.toArray(Long[]::new), Instant.now()).map(done -> {
            if (done == null) {
                throw unknown();
            }
            return new Acknowledgement(done.acknowledged(), done.burnt());
        });
    }

    /** Messages oldest first, after the cursor (the id of the last message a page gave). */
    public Uni<MessagePage> messages(UUID userId, String sessionId, String cursor, String limit) {
        UUID id = sessionIdOf(sessionId);
        int size = pageSize(limit);
        if (size < 1 || size > config.maxPageSize()) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + config.maxPageSize());
        }
        long after;
        try {
            after = cursor == null || cursor.isBlank() ? 0 : Long.parseLong(cursor.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_cursor", "cursor is not one this list gave");
        }
        return store.page(id, userId, after, size).map(messages -> {
            if (messages == null) {
                throw unknown();
            }
            String next = messages.size() == size ? Long.toString(messages.get(size - 1).id()) : null;
            return new MessagePage(messages, next);
        });
    }

    private int pageSize(String limit) {
        try {
            return limit == null || limit.isBlank() ? config.defaultPageSize() : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] base64(String field, String value) {
        try {
            return Bytes.fromBase64(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_base64", field + " is not base64");
        }
    }

    private static UUID userId(String value) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_participant", "participants are user ids (UUIDs)");
        }
    }

    private static UUID sessionIdOf(String value) {
        return SessionIds.parse(value, "no such session");
    }

    private static ApiException unknown() {
        return ApiException.notFound("no such session");
    }
}
