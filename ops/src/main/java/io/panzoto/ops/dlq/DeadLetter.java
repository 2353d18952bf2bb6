package io.panzoto.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record parked on a {@code .dlq} topic: where it sits, the headers the parking wrote (the
 * connector's {@code dead-letter-*}: reason, cause, original topic, partition and offset) and the
 * original value, which {@link #shown} never prints whole.
 */
public record DeadLetter(String topic, int partition, long offset, long timestamp, String key,
                         Map<String, String> headers, String value) {
    /** Set by a service that removed something secret before parking (audio's sealed job key): replaying cannot help. */
    static final String REDACTED_HEADER = "dead-letter-redacted";
    static final String REPLAYED_FROM_HEADER = "replayed-from";
    private static final String PARKING_HEADERS = "dead-letter-";
    private static final String DLQ_SUFFIX = ".dlq";
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i).*(key|token|secret|password|salt|sealed|nonce|cipher|code|signature|hash|template).*");
    private static final int MAX_HEADER_SHOWN = 300;

    static DeadLetter of(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), headers,
                record.value());
    }

    /** The topic the record was parked from: the connector's header, else the topic's name without {@code .dlq}. */
    public String origin() {
        String original = headers.get(PARKING_HEADERS + "topic");
        if (original != null && !original.isBlank()) {
            return original;
        }
        return topic.endsWith(DLQ_SUFFIX) ? topic.substring(0, topic.length() - DLQ_SUFFIX.length()) : topic;
    }

    public String reason() {
        return headers.getOrDefault(PARKING_HEADERS + "reason", "(no reason recorded)");
    }

    /** False for a record a service stripped of a secret before parking it: sent again, it would fail again. */
    public boolean replayable() {
        return !headers.containsKey(REDACTED_HEADER);
    }

    /** The headers to send with a replay: the original ones, without the parking's, plus where it came from. */
    Map<String, String> replayHeaders() {
        Map<String, String> replay = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.startsWith(PARKING_HEADERS) && !name.equals(REPLAYED_FROM_HEADER)) {
                replay.put(name, value);
            }
        });
        replay.put(REPLAYED_FROM_HEADER, topic + "/" + partition + "/" + offset);
        return replay;
    }

    /** The event's envelope type, if the value is one. */
    public String eventType(ObjectMapper mapper) {
        JsonNode envelope = parse(mapper);
        return envelope == null ? "?" : envelope.path("type").asText("?");
    }

    /**
     * What an operator may see: the headers (long ones cut) and the value with every field whose name
     * suggests a secret (keys, tokens, salts, sealed or signed material) replaced; a value that is not
     * JSON is shown only by its length. Events carry no plaintext by design; this also keeps a
     * producer's mistake off an operator's screen.
     */
    public ObjectNode shown(ObjectMapper mapper) {
        ObjectNode shown = mapper.createObjectNode();
        shown.put("topic", topic).put("partition", partition).put("offset", offset).put("timestamp", timestamp)
                .put("key", key).put("origin", origin()).put("replayable", replayable());
        ObjectNode headerNode = shown.putObject("headers");
        headers.forEach((name, value) -> headerNode.put(name, SECRET_FIELD.matcher(name).matches() && !name.startsWith(PARKING_HEADERS)
                ? "[redacted]" : cut(value)));
        JsonNode value = parse(mapper);
        if (value == null) {
            shown.putObject("value").put("unreadable", true).put("length", this.value == null ? 0 : this.value.length());
        } else {
            shown.set("value", redact(value.deepCopy()));
        }
        return shown;
    }

    private JsonNode parse(ObjectMapper mapper) {
        try {
            JsonNode node = value == null ? null : mapper.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (SECRET_FIELD.matcher(name).matches() && !object.get(name).isNull()) {
                    object.put(name, "[redacted]");
                } else {
                    redact(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(DeadLetter::redact);
        }
        return node;
    }

    private static String cut(String value) {
        return value.length() <= MAX_HEADER_SHOWN ? value : value.substring(0, MAX_HEADER_SHOWN) + "…";
    }
}
