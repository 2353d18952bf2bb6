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
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A link's messages: anonymous sends within the link's quota, the owner's fetch (newest first, by
 * cursor) and acknowledgement. Sends publish {@link MessageReceived} through the outbox. Run inside a
 * transaction.
 */
@ApplicationScoped
public class Mailbox {
    private final MessagingConfig.Simplex config;
    private final Outbox outbox;
    private final ObjectMapper mapper;

    public Mailbox(MessagingConfig config, Outbox outbox, ObjectMapper mapper) {
        this.config = config.simplex();
        this.outbox = outbox;
        this.mapper = mapper;
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

    /** Stores the letter if the link has room, and records the event; answers the message id. */
    public Uni<Long> deliver(SimplexLink link, Letter letter) {
        return SimplexLink.reserveUnseen(link.id, config.unseenQuota())
                .chain(reserved -> {
                    if (!reserved) {
                        throw ApiException.tooManyRequests("quota_exceeded",
                                "This link's inbox is full; its owner must read messages first", Duration.ofMinutes(1));
                    }
                    Instant now = Instant.now();
                    SimplexMessage message = new SimplexMessage();
                    message.linkId = link.id;
                    message.ciphertext = letter.ciphertext();
                    message.metadata = letter.metadataJson();
                    message.createdAt = now;
                    message.expiresAt = now.plus(config.messageTtl());
                    return message.<SimplexMessage>persist();
                })
                .call(message -> outbox.append(MessageReceived.TOPIC, MessageReceived.TYPE, MessageReceived.SCHEMA_VERSION,
                        Long.toString(link.id), new MessageReceived(link.id, message.id)))
                .map(message -> message.id);
    }

    /** Newest first; unexpired only; unseen only unless asked; older than {@code beforeId} when paging. */
    public Uni<Page> fetch(SimplexLink link, boolean includeSeen, Integer limit, Long beforeId) {
        int size = limit == null ? config.defaultFetchLimit() : Math.max(1, Math.min(limit, config.maxFetchLimit()));
        return SimplexMessage.pageOf(link.id, includeSeen, beforeId == null ? Long.MAX_VALUE : beforeId, Instant.now(), size)
                .map(messages -> new Page(messages.stream().map(this::view).toList(),
                        messages.size() == size ? messages.get(messages.size() - 1).id : null));
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

    private MessageView view(SimplexMessage message) {
        JsonNode metadata = null;
        if (message.metadata != null) {
            try {
                metadata = mapper.readTree(message.metadata);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored metadata of message " + message.id + " is not JSON", e);
            }
        }
        return new MessageView(message.id, Bytes.base64(message.ciphertext), message.createdAt, message.seen, metadata);
    }
}
