package io.panzoto.messaging.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The JSON of SecureSession's routes (seed 004 names the routes, not the fields: messaging README). */
public final class SessionViews {
    private SessionViews() {
    }

    /** {@code POST /api/sessions}; every field optional. */
    public record CreateRequest(@JsonProperty("participants") List<String> participants,
                                @JsonProperty("ttl_seconds") Long ttlSeconds,
                                @JsonProperty("burn_after_reading") Boolean burnAfterReading,
                                @JsonProperty("max_messages") Integer maxMessages) {
    }

    public record SessionView(@JsonProperty("id") String id, @JsonProperty("created_by") String createdBy,
                              @JsonProperty("participants") List<String> participants,
                              @JsonProperty("burn_after_reading") boolean burnAfterReading,
                              @JsonProperty("max_messages") Integer maxMessages,
                              @JsonProperty("message_count") int messageCount,
                              @JsonProperty("created_at") Instant createdAt, @JsonProperty("expires_at") Instant expiresAt) {
    }

    public record SessionList(@JsonProperty("sessions") List<SessionView> sessions) {
    }

    /** A single-use invitation, shown once. */
    public record Invite(@JsonProperty("invite_token") String inviteToken, @JsonProperty("session_id") String sessionId,
                         @JsonProperty("expires_at") Instant expiresAt) {
        @Override
        public String toString() {
            return "Invite[" + sessionId + ", token redacted]";
        }
    }

    public record JoinRequest(@JsonProperty("invite_token") String inviteToken) {
        @Override
        public String toString() {
            return "JoinRequest[token redacted]";
        }
    }

    /** {@code POST /api/sessions/{id}/messages}: the client's ciphertext and nonce, base64. */
    public record MessageRequest(@JsonProperty("ciphertext") String ciphertext, @JsonProperty("nonce") String nonce,
                                 @JsonProperty("algorithm") String algorithm) {
        @Override
        public String toString() {
            return "MessageRequest[" + algorithm + "]";
        }
    }

    public record MessageView(@JsonProperty("id") long id, @JsonProperty("sender_id") String senderId,
                              @JsonProperty("algorithm") String algorithm, @JsonProperty("nonce") String nonce,
                              @JsonProperty("ciphertext") String ciphertext, @JsonProperty("created_at") Instant createdAt) {
    }

    public record MessagePage(@JsonProperty("messages") List<MessageView> messages,
                              @JsonProperty("next_cursor") String nextCursor) {
    }

    public record AckRequest(@JsonProperty("message_ids") List<Long> messageIds) {
    }

    /** How many receipts were new, and how many messages that burnt after reading. */
    public record Acknowledgement(@JsonProperty("acknowledged") long acknowledged, @JsonProperty("burnt") long burnt) {
    }

    public record Posted(@JsonProperty("id") long id, @JsonProperty("created_at") Instant createdAt) {
    }
}
