package io.panzoto.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * docs/asyncapi.yaml, the platform's event catalogue, held against the code: every record in a
 * service's events package has a message there whose body properties are exactly the record's JSON
 * fields with matching JSON types, on the channel its TOPIC names, with its TYPE and SCHEMA_VERSION.
 */
public final class EventCatalogue {
    private final JsonNode document;

    private EventCatalogue(JsonNode document) {
        this.document = document;
    }

    public static EventCatalogue load() {
        Path file = Path.of(System.getProperty("panzoto.root", "..")).resolve("docs/asyncapi.yaml");
        try {
            return new EventCatalogue(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The channels: topic name → {partitions, retention hours}. */
    public Map<String, int[]> channels() {
        Map<String, int[]> channels = new LinkedHashMap<>();
        document.path("channels").fields().forEachRemaining(channel -> channels.put(channel.getValue().path("address").asText(),
                new int[] {channel.getValue().path("x-partitions").asInt(), channel.getValue().path("x-retention-hours").asInt()}));
        return channels;
    }

    /** Asserts that every event record compiled into the package is documented as it is. */
    public void assertDocuments(String eventsPackage) throws Exception {
        List<Class<?>> events = recordsIn(eventsPackage);
        assertFalse(events.isEmpty(), "no event records found in " + eventsPackage);
        for (Class<?> event : events) {
            assertDocuments(event);
            // Jackson reads and writes events outside REST, where Quarkus cannot see them: without this
            // the native image would drop their accessors and publish {} (issue #22).
            assertTrue(event.isAnnotationPresent(RegisterForReflection.class), event.getName() + " is not @RegisterForReflection");
        }
    }

    private void assertDocuments(Class<?> event) throws Exception {
        String name = null;
        JsonNode message = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("components").path("messages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (event.getName().equals(entry.getValue().path("x-event-class").asText())) {
                name = entry.getKey();
                message = entry.getValue();
            }
        }
        assertNotNull(message, event.getName() + " has no message in docs/asyncapi.yaml");
        Map<String, String> documented = new LinkedHashMap<>();
        message.path("payload").path("properties").fields().forEachRemaining(property ->
                documented.put(property.getKey(), property.getValue().path("type").asText()));
        Map<String, String> coded = new LinkedHashMap<>();
        for (RecordComponent component : event.getRecordComponents()) {
            JsonProperty json = component.getAccessor().getAnnotation(JsonProperty.class);
            JsonProperty onField = json != null ? json : component.getAnnotation(JsonProperty.class);
            coded.put(onField != null ? onField.value() : component.getName(), jsonType(component.getType()));
        }
        assertEquals(coded, documented, name + ": the body's fields and JSON types");
        String topic = constant(event, "TOPIC");
        if (topic != null) {
            JsonNode channel = channelOf(topic);
            assertNotNull(channel, event.getSimpleName() + ".TOPIC " + topic + " is no channel");
            assertTrue(channel.path("messages").has(name), topic + " does not carry " + name);
        }
        String type = constant(event, "TYPE");
        assertEquals(type != null ? type : topic, message.path("x-type").asText(), name + " type");
        String version = constant(event, "SCHEMA_VERSION");
        assertEquals(version != null ? Integer.parseInt(version) : 1, message.path("x-schema-version").asInt(), name + " schema version");
    }

    private JsonNode channelOf(String topic) {
        for (JsonNode channel : document.path("channels")) {
            if (topic.equals(channel.path("address").asText())) {
                return channel;
            }
        }
        return null;
    }

    private static String jsonType(Class<?> type) {
        if (type == String.class || type == UUID.class || type == Instant.class) {
            return "string";
        }
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "integer";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        return "object";
    }

    private static String constant(Class<?> type, String name) throws IllegalAccessException {
        try {
            Field field = type.getField(name);
            return String.valueOf(field.get(null));
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** The top-level records compiled into the package (its directory on the class path). */
    private static List<Class<?>> recordsIn(String packageName) throws IOException, URISyntaxException, ClassNotFoundException {
        List<Class<?>> records = new ArrayList<>();
        // Every directory of the package: the service's classes and its tests' share the package name.
        for (URL url : Collections.list(Thread.currentThread().getContextClassLoader().getResources(packageName.replace('.', '/')))) {
            if (!"file".equals(url.getProtocol())) {
                continue;
            }
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                for (Path file : files.sorted().toList()) {
                    String fileName = file.getFileName().toString();
                    if (fileName.endsWith(".class") && !fileName.contains("$")) {
                        Class<?> type = Class.forName(packageName + "." + fileName.substring(0, fileName.length() - ".class".length()));
                        if (type.isRecord()) {
                            records.add(type);
                        }
                    }
                }
            }
        }
        return records;
    }
}
