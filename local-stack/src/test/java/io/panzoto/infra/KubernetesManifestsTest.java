package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every overlay builds with real tooling ({@code kubectl kustomize}; kustomize is part of kubectl) and
 * every object it yields is held against Kubernetes' own object model (fabric8's, the one the
 * Kubernetes Java clients use) and, for custom resources, Strimzi's and the Prometheus Operator's:
 * an unknown apiVersion/kind, an unknown field anywhere (a typo, a field at the wrong level) or a
 * value of the wrong type fails. Beyond the schema: selectors match their pods, every autoscaler and
 * budget has its Deployment, every pod runs non-root and read-only with limits and probes, and every
 * Secret or ConfigMap a pod reads is either built or made by deploy/k8s/create-secrets or by Strimzi.
 */
class KubernetesManifestsTest {
    private static final Path K8S = Path.of(System.getProperty("panzoto.root", "..")).resolve("deploy/k8s").toAbsolutePath();
    private static final List<String> SERVICES = List.of("gateway", "auth-service", "audio-service", "messaging-service", "diary-service");
    /** Deployments without a Service: audio-service's transcriber takes its work from Kafka only. */
    private static final List<String> WORKERS = List.of("audio-transcriber");
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class), Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class), Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class), Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class), Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class), Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class), Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));
    private static final YAMLMapper YAML = new YAMLMapper();
    /** Jackson without the models' catch-all for unknown fields: what the schema does not name is an error. */
    private static final ObjectMapper STRICT = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }));

    @TempDir
    static Path secrets;

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/local", "overlays/prod", "monitoring"})
    void everyObjectIsValidAgainstItsKubernetesSchema(String directory) throws Exception {
        List<JsonNode> objects = build(directory);
        assertTrue(objects.size() >= 2, directory + " builds objects");
        for (JsonNode object : objects) {
            String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
            Class<?> model = MODELS.get(type);
            assertTrue(model != null, "no schema for " + type + " (" + name(object) + "): a wrong apiVersion or kind");
            try {
                STRICT.treeToValue(object, model);
            } catch (JsonProcessingException e) {
                throw new AssertionError(directory + ": " + type + " " + name(object) + " is not valid: " + e.getOriginalMessage(), e);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/prod"})
    void everyOverlayRunsEveryServiceSafelyAndCanStartIt(String overlay) throws Exception {
        List<JsonNode> objects = build(overlay);
        Set<String> provided = new TreeSet<>();
        objects.forEach(object -> provided.add(object.path("kind").asText() + "/" + name(object)));
        createdOutsideTheManifests(objects).forEach(provided::add);
        for (String service : SERVICES) {
            only(objects, "Service", "panzoto/" + service);
        }
        for (String service : concat(SERVICES, WORKERS)) {
            JsonNode deployment = only(objects, "Deployment", "panzoto/" + service);
            JsonNode template = deployment.path("spec").path("template");
            deployment.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                    assertEquals(label.getValue(), template.path("metadata").path("labels").path(label.getKey()), service + " selector"));
            JsonNode pod = template.path("spec");
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), service + " runs as non-root");
            for (JsonNode container : pod.path("containers")) {
                assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(), service + " read-only");
                assertTrue(container.path("resources").path("limits").has("memory"), service + " has a memory limit");
                assertTrue(container.path("resources").path("requests").has("cpu"), service + " requests CPU");
                assertTrue(container.has("readinessProbe") && container.has("livenessProbe"), service + " is probed");
                assertReferencesResolve(overlay, service, container, provided);
            }
        }
        for (JsonNode object : objects) {
            String kind = object.path("kind").asText();
            if (kind.equals("HorizontalPodAutoscaler")) {
                only(objects, "Deployment", "panzoto/" + object.path("spec").path("scaleTargetRef").path("name").asText());
            }
            if (kind.equals("PodDisruptionBudget")) {
                String target = object.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText();
                only(objects, "Deployment", "panzoto/" + target);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/prod"})
    void productionHasEveryTopicAndItsDeadLetterTwinReplicatedThreeTimes(String directory) throws Exception {
        List<JsonNode> objects = build(directory);
        for (TopicSpec topic : TopicSpec.platformTopics()) {
            for (String name : List.of(topic.name(), topic.deadLetterName())) {
                JsonNode kafkaTopic = only(objects, "KafkaTopic", "panzoto-data/" + name);
                assertEquals(3, kafkaTopic.path("spec").path("replicas").asInt(), name);
                assertEquals(topic.partitions(), kafkaTopic.path("spec").path("partitions").asInt(), name);
            }
        }
        if (directory.equals("overlays/prod")) {
            for (String service : concat(SERVICES, WORKERS)) {
                only(objects, "HorizontalPodAutoscaler", "panzoto/" + service);
                only(objects, "PodDisruptionBudget", "panzoto/" + service);
            }
            only(objects, "PrometheusRule", "panzoto/panzoto-kafka");
            only(objects, "Kafka", "panzoto-data/panzoto");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/local", "overlays/prod"})
    void onlyTheTranscriberHoldsTheTranscribersSecretKey(String overlay) throws Exception {
        List<JsonNode> objects = build(overlay);
        JsonNode api = only(objects, "Deployment", "panzoto/audio-service").path("spec").path("template").path("spec").path("containers").get(0);
        JsonNode transcriber = only(objects, "Deployment", "panzoto/audio-transcriber").path("spec").path("template").path("spec")
                .path("containers").get(0);
        assertEquals("false", env(api, "PANZOTO_AUDIO_TRANSCRIBER_ENABLED").path("value").asText(), "the API runs no transcriber");
        assertEquals("panzoto-transcriber-key", env(api, "PANZOTO_TRANSCRIBER_PUBLIC_KEY").path("valueFrom").path("configMapKeyRef")
                .path("name").asText());
        assertEquals("audio-service-secrets", api.path("envFrom").get(0).path("secretRef").path("name").asText());
        assertEquals("audio-transcriber-secrets", transcriber.path("envFrom").get(0).path("secretRef").path("name").asText());
        String printed = run(List.of(K8S.resolve("create-secrets").toString(), freshEnv().toString(), "--print"));
        for (JsonNode object : YAML.readValues(YAML.getFactory().createParser(printed), JsonNode.class).readAll()) {
            boolean holdsKey = object.path("data").has("PANZOTO_TRANSCRIBER_PRIVATE_KEY");
            assertEquals(name(object).equals("panzoto/audio-transcriber-secrets"), holdsKey, name(object));
        }
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no " + name);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static Path freshEnv() throws IOException {
        Path env = secrets.resolve("fresh.env");
        if (!Files.exists(env)) {
            Files.writeString(env, ComposeEnv.render(ComposeEnv.fresh()));
        }
        return env;
    }

    /** Secrets and ConfigMaps the manifests never contain: made by create-secrets (from a fresh .env) and by Strimzi per KafkaUser. */
    private static List<String> createdOutsideTheManifests(List<JsonNode> objects) throws Exception {
        String printed = run(List.of(K8S.resolve("create-secrets").toString(), freshEnv().toString(), "--print"));
        List<String> made = new ArrayList<>();
        for (JsonNode object : YAML.readValues(YAML.getFactory().createParser(printed), JsonNode.class).readAll()) {
            Class<?> model = MODELS.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
            STRICT.treeToValue(object, model);
            made.add(object.path("kind").asText() + "/" + name(object));
        }
        objects.stream().filter(object -> object.path("kind").asText().equals("KafkaUser"))
                .forEach(user -> made.add("Secret/panzoto/" + user.path("metadata").path("name").asText()));
        return made;
    }

    private static void assertReferencesResolve(String overlay, String service, JsonNode container, Set<String> provided) {
        List<String> needed = new ArrayList<>();
        container.path("envFrom").forEach(from -> {
            if (from.has("secretRef")) {
                needed.add("Secret/panzoto/" + from.path("secretRef").path("name").asText());
            }
            if (from.has("configMapRef")) {
                needed.add("ConfigMap/panzoto/" + from.path("configMapRef").path("name").asText());
            }
        });
        container.path("env").forEach(variable -> {
            JsonNode from = variable.path("valueFrom");
            if (from.has("secretKeyRef")) {
                needed.add("Secret/panzoto/" + from.path("secretKeyRef").path("name").asText());
            }
            if (from.has("configMapKeyRef")) {
                needed.add("ConfigMap/panzoto/" + from.path("configMapKeyRef").path("name").asText());
            }
        });
        for (String reference : needed) {
            assertTrue(provided.contains(reference), overlay + ": " + service + " reads " + reference + ", which nothing creates");
        }
    }

    private static JsonNode only(List<JsonNode> objects, String kind, String namespacedName) {
        List<JsonNode> found = objects.stream().filter(object -> object.path("kind").asText().equals(kind)
                && name(object).equals(namespacedName)).toList();
        assertEquals(1, found.size(), kind + " " + namespacedName);
        return found.get(0);
    }

    private static String name(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        return metadata.path("namespace").asText("") + "/" + metadata.path("name").asText();
    }

    private static List<JsonNode> build(String directory) throws Exception {
        String built = run(List.of("kubectl", "kustomize", K8S.resolve(directory).toString()));
        return YAML.readValues(YAML.getFactory().createParser(built), JsonNode.class).readAll().stream()
                .filter(node -> node != null && !node.isNull() && !node.isMissingNode()).toList();
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
