package io.panzoto.audio.transcription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Parks a transcription request that can never be processed on {@code audio.transcription-requested.dlq}
 * with the reason in the {@code dead-letter-reason} header, and without its sealed key: the dead-letter
 * topic is kept 14 days and read by operators, so what could open a recording never goes there. (The
 * connector's own dead-letter strategy copies the record whole, key included.)
 */
@ApplicationScoped
// The transcriber's beans; a build with panzoto.audio.transcriber.enabled=false (the native profile) leaves them out.
@IfBuildProperty(name = "panzoto.audio.transcriber.enabled", stringValue = "true", enableIfMissing = true)
public class DeadLetters {
    static final String REASON_HEADER = "dead-letter-reason";
    /** Tells the operators' tool (ops dlq replay) that a secret was removed: replaying cannot succeed. */
    static final String REDACTED_HEADER = "dead-letter-redacted";
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private final MutinyEmitter<String> dlq;
    private final ObjectMapper mapper;

    public DeadLetters(@Channel("transcription-dead-letters") MutinyEmitter<String> dlq, ObjectMapper mapper) {
        this.dlq = dlq;
        this.mapper = mapper;
    }

    /**
     * Sends the request, its key removed, to the .dlq; completes once the broker has it. A broker fault
     * is retried with doubling waits (for up to 10 minutes) rather than failing the channel.
     */
    public Uni<Void> park(String key, String payload, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(REDACTED_HEADER, "sealed_key".getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build();
        return dlq.sendMessage(Message.of(withoutKey(payload)).addMetadata(metadata))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).expireIn(PATIENCE.toMillis());
    }

    /** The request as an operator may see it: everything but the sealed key; what is not JSON, only its length. */
    String withoutKey(String payload) {
        try {
            JsonNode envelope = mapper.readTree(payload);
            if (envelope != null && envelope.isObject()) {
                removeKey((ObjectNode) envelope);
                if (envelope.path("body").isObject()) {
                    removeKey((ObjectNode) envelope.path("body"));
                }
                return mapper.writeValueAsString(envelope);
            }
        } catch (Exception e) {
            // not JSON: nothing of it can be shown safely
        }
        return "{\"unreadable\":true,\"length\":" + (payload == null ? 0 : payload.length()) + "}";
    }

    private static void removeKey(ObjectNode node) {
        if (node.has("sealed_key")) {
            node.put("sealed_key", "[removed]");
        }
    }
}
