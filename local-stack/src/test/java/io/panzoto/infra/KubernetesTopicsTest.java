package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/topics.txt is the one topic list: the Kubernetes topics must be generated from it. */
class KubernetesTopicsTest {

    @Test
    void kubernetesTopicsMatchTheTopicList() throws Exception {
        Path manifest = Path.of(System.getProperty("panzoto.root", ".."), "deploy/k8s/base/kafka-topics.yaml");
        List<String> declared = new ArrayList<>();
        String name = null;
        for (String line : Files.readAllLines(manifest)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("topicName:")) {
                name = trimmed.substring("topicName:".length()).trim();
            } else if (trimmed.startsWith("partitions:")) {
                declared.add(name + "/" + trimmed.substring("partitions:".length()).trim());
            }
        }
        List<String> expected = new ArrayList<>();
        for (TopicSpec topic : TopicSpec.platformTopics()) {
            expected.add(topic.name() + "/" + topic.partitions());
            expected.add(topic.deadLetterName() + "/" + topic.partitions());
        }
        assertEquals(expected, declared, "run deploy/k8s/generate-topics after editing deploy/topics.txt");
    }
}
