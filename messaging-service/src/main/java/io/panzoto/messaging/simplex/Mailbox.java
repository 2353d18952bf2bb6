package io.panzoto.messaging.simplex;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.sodium.SealedBox;
import io.panzoto.messaging.config.MessagingConfig;
import io.panzoto.messaging.events.MessageReceived;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A link's messages: anonymous sends within the link's quota, the owner's fetch (newest first, by
 * cursor) and acknowledgement. Sends publish {@link MessageReceived} through the outbox. A send and a
 * fetch are one SQL statement each on the reactive client (the hot paths: no entity session, one round
 * trip); acknowledge runs inside the caller's transaction.
 */
@ApplicationScoped
public class Mailbox {
    /**
     * A send: reserve a place under the link's quota (the row lock orders concurrent sends to one link),
     * store the message, and record its event with the ids set into the prepared envelope. The last
     * line tells an unknown link (404) from a full one (429) when nothing was stored.
     */
    private static final String DELIVER = """
            WITH link AS (
                UPDATE simplex_links SET unseen_count = unseen_count + 1
                WHERE link_token_hash = $1 AND unseen_count < $2
                RETURNING id),
            message AS (
                INSERT INTO simplex_messages (link_id, ciphertext, metadata, created_at, expires_at)
                SELECT id, $3, $4, $5, $6 FROM link
                RETURNING id, link_id),
            event AS (
                """ + Outbox.INSERT_INTO + """
                SELECT $7, $8, link_id::text, $9,
                       jsonb_set(jsonb_set(jsonb_set(($10::text)::jsonb, '{aggregate_id}', to_jsonb(link_id::text)),
                                 '{body,client_id}', to_jsonb(link_id)), '{body,message_id}', to_jsonb(id))::text,
                       $5
                FROM message)
            SELECT (SELECT id FROM message) AS message_id,
                   EXISTS (SELECT 1 FROM simplex_links WHERE link_token_hash = $1) AS link_known""";

    private static final String PAGE = """
            SELECT l.fetch_token_hash, m.id, m.ciphertext, m.metadata, m.seen, m.created_at
            FROM simplex_links l
            LEFT JOIN LATERAL (
                SELECT id, ciphertext, metadata, seen, created_at FROM simplex_messages
                WHERE link_id = l.id AND expires_at > $2 AND id < $3 %s
                ORDER BY id DESC LIMIT $4) m ON true
            WHERE l.link_token_hash = $1
            ORDER BY m.id DESC""";
    private static final String PAGE_UNSEEN = PAGE.formatted("AND NOT seen");
    private static final String PAGE_ALL = PAGE.formatted("");

    private final MessagingConfig.Simplex config;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Pool database;

    public Mailbox(MessagingConfig config, Outbox outbox, ObjectMapper mapper, Pool database) {
        this.config = config.simplex();
        this.outbox = outbox;
        this.mapper = mapper;
        this.database = database;
    }

    /** A checked send, ready to store: the sealed box's bytes and the metadata's JSON. */
    public record Letter(byte[] ciphertext, String metadataJson) {
        @Override
        public String toString() {
            return "Letter[" + ciphertext.length + " bytes]";
        }
    }

    /** One message as PyCrypt's /fetch shows it. */
    public record MessageView(@JsonProperty("id") long id, @JsonProperty("encrypted_message") String encryptedMessage,
                              @JsonProperty("created_at") Instant createdAt, @JsonProperty("seen") boolean seen,
                              @JsonProperty("metadata") JsonNode metadata) {
    }

    /** A page of messages and the cursor to the next (older) page, if there may be one. */
    public record Page(List<MessageView> messages, Long nextBeforeId) {
    }

    /** Validates a send before any database work: base64, sealed-box size bounds, metadata shape and size. */
    public Letter letter(String encryptedMessage, JsonNode metadata) {
        if (encryptedMessage == null || encryptedMessage.isBlank()) {
            throw ApiException.badRequest("missing_fields", "link_token and encrypted_message are required");
        }
        byte[] ciphertext;
        try {
            ciphertext = Bytes.fromBase64(encryptedMessage.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_base64", "Invalid base64 for encrypted_message");
        }
        if (ciphertext.length < SealedBox.OVERHEAD + 1) {
            throw ApiException.badRequest("message_too_short",
                    "encrypted_message is shorter than a sealed box (" + SealedBox.OVERHEAD + " bytes of overhead plus content)");
        }
        if (ciphertext.length > config.maxMessageBytes()) {
            throw new ApiException(413, "message_too_large", "Encrypted message too large (max " + config.maxMessageBytes() + " bytes)");
        }
        String metadataJson = null;
        if (metadata != null && !metadata.isNull()) {
            if (!metadata.isObject()) {
                throw ApiException.badRequest("invalid_metadata", "metadata must be a JSON object");
            }
            try {
                metadataJson = mapper.writeValueAsString(metadata);
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("invalid_metadata", "Invalid metadata JSON");
            }
            if (metadataJson.getBytes(StandardCharsets.UTF_8).length > config.maxMetadataBytes()) {
                throw new ApiException(413, "metadata_too_large", "Metadata too large (max " + config.maxMetadataBytes() + " bytes)");
            }
        }
        return new Letter(ciphertext, metadataJson);
    }

    /**
     * Stores the letter if the link has room and records its event, in one statement and so one
     * transaction and one round trip: the quota reservation, the message and the outbox row commit
     * together or not at all. Answers the message id; an unknown link is 404, a full one 429.
     */
    public Uni<Long> deliver(String linkTokenHash, Letter letter) {
        Instant now = Instant.now();
        // The ids are the statement's to make: the event carries stand-ins that DELIVER sets.
        Outbox.PendingEvent event = outbox.prepare(MessageReceived.TOPIC, MessageReceived.TYPE, MessageReceived.SCHEMA_VERSION,
                "0", new MessageReceived(0, 0));
        Tuple parameters = Tuple.tuple()
                .addString(linkTokenHash)
                .addInteger(config.unseenQuota())
                .addBuffer(Buffer.buffer(letter.ciphertext()))
                .addString(letter.metadataJson())
                .addOffsetDateTime(now.atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(now.plus(config.messageTtl()).atOffset(ZoneOffset.UTC))
                .addUUID(event.envelope().eventId())
                .addString(event.topic())
                .addString(event.envelope().type())
                .addString(event.payload());
        return database.preparedQuery(DELIVER).execute(parameters).map(rows -> {
            Row row = rows.iterator().next();
            Long messageId = row.getLong("message_id");
            if (messageId != null) {
                return messageId;
            }
            if (!row.getBoolean("link_known")) {
                throw Links.unknownLink();
            }
            throw ApiException.tooManyRequests("quota_exceeded",
                    "This link's inbox is full; its owner must read messages first", Duration.ofMinutes(1));
        });
    }

    /**
     * The link's fetch-token hash and a page of its messages, newest first, unexpired only, unseen only
     * unless asked, older than {@code beforeId} when paging: one statement, rows straight to views. The
     * caller checks the recipient's proof before answering anything. An unknown link is 404.
     */
    public Uni<LinkPage> fetch(String linkTokenHash, boolean includeSeen, Integer limit, Long beforeId) {
        int size = limit == null ? config.defaultFetchLimit() : Math.max(1, Math.min(limit, config.maxFetchLimit()));
        Tuple parameters = Tuple.of(linkTokenHash, OffsetDateTime.now(ZoneOffset.UTC), beforeId == null ? Long.MAX_VALUE : beforeId, size);
        return database.preparedQuery(includeSeen ? PAGE_ALL : PAGE_UNSEEN).execute(parameters).map(rows -> {
            if (rows.size() == 0) {
                throw Links.unknownLink();
            }
            String fetchTokenHash = null;
            List<MessageView> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                fetchTokenHash = row.getString("fetch_token_hash");
                if (row.getLong("id") != null) {
                    messages.add(view(row));
                }
            }
            Long next = messages.size() == size ? messages.get(size - 1).id() : null;
            return new LinkPage(fetchTokenHash, new Page(messages, next));
        });
    }

    /** What a fetch read: the hash the recipient's fetch token must match, and the page to answer. */
    public record LinkPage(String fetchTokenHash, Page page) {
    }

    /**
     * Marks the given messages of this link seen, or deletes them; ids of other links are untouched.
     * Answers how many messages changed.
     */
    public Uni<Integer> acknowledge(SimplexLink link, List<Long> ids, boolean delete) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Uni<Integer> unseenChanged = delete
                ? SimplexMessage.deleteOf(link.id, ids, true)
                : SimplexMessage.markSeen(link.id, ids);
        return unseenChanged.chain(unseen -> {
            Uni<Integer> seenDeleted = delete
                    ? SimplexMessage.deleteOf(link.id, ids, false)
                    : Uni.createFrom().item(0);
            return seenDeleted.chain(alreadySeen -> unseen == 0
                    ? Uni.createFrom().item(alreadySeen)
                    : SimplexLink.releaseUnseen(link.id, unseen)
                            .replaceWith(unseen + alreadySeen));
        });
    }

    private MessageView view(Row row) {
        long id = row.getLong("id");
        String metadataJson = row.getString("metadata");
        JsonNode metadata = null;
        if (metadataJson != null) {
            try {
                metadata = mapper.readTree(metadataJson);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored metadata of message " + id + " is not JSON", e);
            }
        }
        return new MessageView(id, Bytes.base64(row.getBuffer("ciphertext").getBytes()),
                row.getOffsetDateTime("created_at").toInstant(), row.getBoolean("seen"), metadata);
    }
}
