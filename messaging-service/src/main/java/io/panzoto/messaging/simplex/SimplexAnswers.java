package io.panzoto.messaging.simplex;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What the messenger's routes answer, in seed 002's field names; tokens redact themselves in toString. */
public final class SimplexAnswers {
    private SimplexAnswers() {
    }

    public record Health(@JsonProperty("status") String status, @JsonProperty("timestamp") String timestamp) {
    }

    public record Sent(@JsonProperty("message") String message, @JsonProperty("id") long id) {
    }

    public record ChallengeIssued(@JsonProperty("challenge") String challenge) {
    }

    public record Fetched(@JsonProperty("message") String message, @JsonProperty("data") List<Mailbox.MessageView> data,
                          @JsonProperty("next_before_id") Long nextBeforeId) {
    }

    public record Acknowledged(@JsonProperty("message") String message, @JsonProperty("count") int count) {
    }

    public record LinkRotated(@JsonProperty("message") String message, @JsonProperty("link") String link,
                              @JsonProperty("link_token") String linkToken) {
        @Override
        public String toString() {
            return "LinkRotated[redacted]";
        }
    }

    public record FetchTokenRotated(@JsonProperty("message") String message, @JsonProperty("fetch_token") String fetchToken) {
        @Override
        public String toString() {
            return "FetchTokenRotated[redacted]";
        }
    }

    public record LinkDeleted(@JsonProperty("message") String message, @JsonProperty("deleted_messages") long deletedMessages) {
    }
}
