package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.auth.user.User;
import io.panzoto.crypto.Bytes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What register and login answer: the Android app's fields ({@code token}, {@code user_id},
 * {@code key_salt} as hex, {@code user}) plus {@code refresh_token} and {@code expires_in}, and for a
 * uce account its {@code data_key_ticket} (diary-service's key to the account's data, for this session).
 */
public record AuthResponse(
        @JsonProperty("token") String token,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("user_id") String userId,
        @JsonProperty("key_salt") String keySalt,
        @JsonProperty("user") UserView user,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("recovery_codes") List<String> recoveryCodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("data_key_ticket") String dataKeyTicket,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("data_key_ticket_expires_at") Instant dataKeyTicketExpiresAt) {

    /** The public view of an account. */
    public record UserView(
            @JsonProperty("id") String id,
            @JsonProperty("email") String email,
            @JsonProperty("tier") String tier,
            @JsonProperty("display_name") String displayName,
            @JsonProperty("key_salt") String keySalt,
            @JsonProperty("created_at") Instant createdAt) {

        static UserView of(User user) {
            return new UserView(user.id.toString(), user.email, user.tier.value(), user.displayName, Bytes.hex(user.keySalt), user.createdAt);
        }

        /** The Android app's name for the id (seeds 000/001: {@code user: {user_id, email, created_at}}). */
        @JsonProperty("user_id")
        public String userId() {
            return id;
        }
    }

    static AuthResponse of(User user, String accessToken, long expiresIn, String refreshToken) {
        return new AuthResponse(accessToken, "Bearer", expiresIn, refreshToken, user.id.toString(), Bytes.hex(user.keySalt),
                UserView.of(user), null, null, null);
    }

    /** The same answer with the recovery codes, shown once (at sign-up or regeneration). */
    AuthResponse withRecoveryCodes(List<String> codes) {
        return new AuthResponse(token, tokenType, expiresIn, refreshToken, userId, keySalt, user, codes, dataKeyTicket,
                dataKeyTicketExpiresAt);
    }

    /** The same answer with a uce account's data-key ticket for diary-service (none: unchanged). */
    public AuthResponse withTicket(Optional<DataKeyTickets.Issued> ticket) {
        return ticket.map(issued -> new AuthResponse(token, tokenType, expiresIn, refreshToken, userId, keySalt, user, recoveryCodes,
                issued.ticket(), issued.expiresAt())).orElse(this);
    }

    @Override
    public String toString() {
        return "AuthResponse[" + userId + ", tokens redacted]";
    }
}
