package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The manifests build with real tooling: `kubectl kustomize deploy/k8s` (kustomize is part of kubectl,
 * which these machines have) yields every service's Deployment and Service and every topic of
 * deploy/topics.txt. Schema validation of each object comes with the overlays (issue #22).
 */
class KustomizeBuildTest {
    @Test
    void theBaseBuildsWithEveryServiceAndTopic() throws Exception {
        Path k8s = Path.of(System.getProperty("panzoto.root", "..")).resolve("deploy/k8s").toAbsolutePath();
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", k8s.toString()).redirectErrorStream(true).start();
        String built = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, kubectl.exitValue(), built);
        List<String> objects = List.of(built.split("\n---\n"));
        for (String service : List.of("gateway", "auth-service", "audio-service", "messaging-service", "diary-service")) {
            for (String kind : List.of("Deployment", "Service")) {
                assertEquals(1, objects.stream().filter(object -> object.startsWith("apiVersion:") || object.contains("\nkind: "))
                        .filter(object -> object.contains("kind: " + kind + "\n") && object.contains("\n  name: " + service + "\n")).count(),
                        service + " " + kind);
            }
        }
        for (TopicSpec topic : TopicSpec.platformTopics()) {
            assertTrue(built.contains("topicName: " + topic.name() + "\n"), topic.name());
            assertTrue(built.contains("topicName: " + topic.deadLetterName() + "\n"), topic.deadLetterName());
        }
    }
}
