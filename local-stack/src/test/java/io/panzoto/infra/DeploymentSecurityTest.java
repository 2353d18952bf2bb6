package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The deployment files keep the security settings the review asked for (no Docker engine runs here). */
class DeploymentSecurityTest {
    private static final Path ROOT = Path.of(System.getProperty("panzoto.root", ".."));

    @Test
    void everyServiceHasAKafkaIdentityOfItsOwnAndOnlyAuthServiceWritesAuthTopics() throws Exception {
        String services = Files.readString(ROOT.resolve("deploy/k8s/base/services.yaml")) + Files.readString(ROOT.resolve("deploy/k8s/base/gateway.yaml"));
        String users = Files.readString(ROOT.resolve("deploy/k8s/base/kafka-users.yaml"));
        List<String> deployments = names(Pattern.compile("kind: Deployment\\s+metadata:\\s+name:\\s*(\\S+)"), services);
        assertEquals(new TreeSet<>(deployments), new TreeSet<>(names(Pattern.compile("kind: KafkaUser\\s+metadata:\\s+name:\\s*(\\S+)"), users)));
        for (String deployment : deployments) {
            assertTrue(services.contains("secretKeyRef: { name: " + deployment + ", key: sasl.jaas.config }"), deployment + " uses its own identity");
        }
        Pattern acl = Pattern.compile("name: \"?(auth\\.[^\",}]*)\"?(, patternType: prefix)? \\}, operations: \\[([^\\]]*)\\]");
        for (String user : users.split("\n---\n")) {
            if (user.contains("name: auth-service")) {
                continue;
            }
            Matcher rule = acl.matcher(user);
            while (rule.find()) {
                assertTrue(!rule.group(3).contains("Write") || rule.group(2) == null && rule.group(1).endsWith(".dlq"),
                        "only auth-service writes auth.* (another service at most the .dlq of what it reads): " + rule.group());
            }
        }
        assertTrue(Files.readString(ROOT.resolve("deploy/k8s/base/gateway.yaml")).contains("PANZOTO_CORS_ORIGINS"), "CORS origins set explicitly");
    }

    /**
     * Every topic a service's channels read or write and every consumer group they join is granted to its
     * Kafka identity (audio checked against the transcriber's, which runs the whole build): a missing
     * ACL would only show in a cluster, as a consumer that never starts.
     */
    @Test
    void everyChannelOfAServiceIsGrantedToItsKafkaIdentity() throws Exception {
        String users = Files.readString(ROOT.resolve("deploy/k8s/base/kafka-users.yaml"));
        Map<String, String> identities = Map.of("auth-service", "auth-service", "audio-service", "audio-transcriber",
                "messaging-service", "messaging-service", "diary-service", "diary-service");
        Pattern channel = Pattern.compile("(?m)^mp\\.messaging\\.(incoming|outgoing)\\.[^.=]+\\.(topic|group\\.id|dead-letter-queue\\.topic)=(\\S+)$");
        int checked = 0;
        for (Map.Entry<String, String> service : identities.entrySet()) {
            String properties = Files.readString(ROOT.resolve(service.getKey() + "/src/main/resources/application.properties"));
            String user = Arrays.stream(users.split("\n---\n")).filter(block -> block.contains("name: " + service.getValue() + "\n"))
                    .findFirst().orElseThrow();
            Matcher rule = channel.matcher(properties);
            while (rule.find()) {
                String name = rule.group(3);
                boolean group = rule.group(2).equals("group.id");
                String operation = group ? "Read" : rule.group(1).equals("outgoing") || rule.group(2).startsWith("dead-letter") ? "Write" : "Read";
                assertTrue(granted(user, group ? "group" : "topic", name, operation),
                        service.getValue() + " may " + operation + " " + (group ? "group " : "topic ") + name);
                checked++;
            }
        }
        assertTrue(checked >= 20, "the channels were found: " + checked);
    }

    private static boolean granted(String user, String type, String name, String operation) {
        Matcher acl = Pattern.compile("\\{ resource: \\{ type: " + type + ", name: \"?([^\",}]+)\"?(, patternType: prefix)? \\}, operations: \\[([^\\]]*)\\]")
                .matcher(user);
        while (acl.find()) {
            boolean matches = acl.group(2) != null ? name.startsWith(acl.group(1)) : name.equals(acl.group(1).trim());
            if (matches && acl.group(3).contains(operation)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void composeGivesEachServiceItsOwnDatabaseRolePinsImagesAndTrustsOnlyTheGateway() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        assertFalse(compose.contains("0.0.0.0/0"), "no X-Forwarded-For from anywhere");
        for (String image : names(Pattern.compile("image:\\s*(\\S+)"), compose)) {
            assertTrue(image.matches(".+:[0-9][^:]*") || image.matches(".+:s3proxy-[0-9.]+"), "pinned: " + image);
        }
        for (String service : List.of("auth", "audio", "messaging", "diary")) {
            assertTrue(compose.contains("QUARKUS_DATASOURCE_USERNAME: " + service + "\n"), service + " connects as its own role");
        }
        assertFalse(compose.contains("QUARKUS_DATASOURCE_USERNAME: panzoto"), "no service connects as the superuser");
        String init = Files.readString(ROOT.resolve("deploy/k8s/overlays/local/postgres-init.sh"));
        assertTrue(init.contains("OWNER") && init.contains("REVOKE ALL ON DATABASE"), "each database owned by its role, closed to the rest");
    }

    private static List<String> names(Pattern pattern, String text) {
        List<String> names = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
