package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every service Deployment behind the gateway is covered by the policy that keeps it off the public network. */
class KubernetesNetworkPolicyTest {
    private static final Path K8S = Path.of(System.getProperty("panzoto.root", ".."), "deploy/k8s/base");

    @Test
    void everyServiceBehindTheGatewayAcceptsOnlyThePlatform() throws Exception {
        List<String> deployments = new ArrayList<>();
        Matcher deployment = Pattern.compile("kind: Deployment\\s+metadata:\\s+name:\\s*(\\S+)").matcher(Files.readString(K8S.resolve("services.yaml")));
        while (deployment.find()) {
            deployments.add(deployment.group(1));
        }
        String policies = Files.readString(K8S.resolve("network-policies.yaml"));
        Matcher covered = Pattern.compile("key: app.kubernetes.io/name, operator: In, values: \\[([^\\]]+)\\]").matcher(policies);
        covered.find();
        assertEquals(new TreeSet<>(deployments), new TreeSet<>(List.of(covered.group(1).split(",\\s*"))),
                "deploy/k8s/base/network-policies.yaml must list every Deployment of services.yaml");
    }
}
