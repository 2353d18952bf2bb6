package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/asyncapi.yaml names exactly the topics of deploy/topics.txt, with their partitions and retention. */
class AsyncApiTopicsTest {
    @Test
    void theCatalogueHasEveryTopicAsDeclaredAndNoOther() throws Exception {
        JsonNode channels = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of(System.getProperty("panzoto.root", "..")).resolve("docs/asyncapi.yaml").toFile()).path("channels");
        List<String> documented = new ArrayList<>();
        channels.forEach(channel -> documented.add(channel.path("address").asText()));
        List<String> declared = new ArrayList<>();
        for (TopicSpec topic : TopicSpec.platformTopics()) {
            declared.add(topic.name());
            JsonNode channel = channels.path(topic.name());
            assertNotNull(channel.get("address"), topic.name());
            int retentionHours = topic.retention() == null ? -1 : (int) topic.retention().toHours();
            assertArrayEquals(new int[] {topic.partitions(), retentionHours},
                    new int[] {channel.path("x-partitions").asInt(), channel.path("x-retention-hours").asInt()}, topic.name());
        }
        assertEquals(declared, documented);
    }
}
