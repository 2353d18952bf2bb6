package io.panzoto.diary.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Parks the posts an import cannot take (too large for an entry, without a time) on
 * {@code diary.import-requested.dlq} for operators: job, user, provider, the post's id and the reason in
 * the {@code dead-letter-reason} header — never its text. The job counts them as {@code failed}; the
 * rest of the import goes on.
 */
@ApplicationScoped
public class PostDeadLetters {
    static final String REASON_HEADER = "dead-letter-reason";
    /** Tells the operators' replay tool that the post itself is not in the record: replaying cannot import it. */
    static final String REDACTED_HEADER = "dead-letter-redacted";

    private final MutinyEmitter<String> dlq;
    private final ObjectMapper mapper;

    public PostDeadLetters(@Channel("import-dead-letters") MutinyEmitter<String> dlq, ObjectMapper mapper) {
        this.dlq = dlq;
        this.mapper = mapper;
    }

    /** A post refused, and why. */
    public record Refused(String externalId, String reason) {
    }

    /** Completes once the broker has them all (a broker fault retried for up to 10 minutes). */
    Uni<Void> park(ImportJob job, List<Refused> refused) {
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return io.smallrye.mutiny.Multi.createFrom().iterable(refused).onItem().transformToUniAndConcatenate(post -> send(job, post))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> send(ImportJob job, Refused post) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("job_id", job.id.toString());
        record.put("user_id", job.userId.toString());
        record.put("provider", job.provider);
        record.put("external_id", post.externalId());
        record.put("reason", post.reason());
        String value;
        try {
            value = mapper.writeValueAsString(record);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, post.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(REDACTED_HEADER, "post_text".getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(job.userId.toString()).withHeaders(headers).build();
        return dlq.sendMessage(Message.of(value).addMetadata(metadata))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30)).expireIn(Duration.ofMinutes(10).toMillis());
    }
}
