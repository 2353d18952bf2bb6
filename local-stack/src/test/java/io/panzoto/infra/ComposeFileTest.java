package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as `docker compose config` would take it, without a Docker engine: its variables
 * interpolated from a fresh .env (make-env's), YAML anchors and merge keys resolved, then validated
 * against the Compose Specification's JSON schema; and every file it builds from or mounts exists.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of(System.getProperty("panzoto.root", "..")).toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([?-])([^}]*))?}");

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecificationOnceMakeEnvsVariablesAreSet() throws Exception {
        JsonNode compose = interpolated(ComposeEnv.fresh());
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/compose-spec/compose-spec.json")) {
            // This schema names its parts with draft-04's "id", which 2019-09 replaced by "$id": an annotation here.
            JsonMetaSchema dialect = JsonMetaSchema.builder(JsonMetaSchema.getV201909()).keyword(new NonValidationKeyword("id")).build();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909, factory -> factory.metaSchema(dialect)).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(compose);
        assertTrue(errors.isEmpty(), "docker-compose.yml against the Compose Specification: " + errors);
        assertTrue(compose.path("services").size() >= 9, "the data plane and the five services");
    }

    @Test
    void everyFileItBuildsFromOrMountsExists() throws Exception {
        JsonNode compose = interpolated(ComposeEnv.fresh());
        List<String> missing = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(service -> {
            JsonNode build = service.getValue().path("build");
            if (build.has("dockerfile") && !Files.isRegularFile(ROOT.resolve(build.path("context").asText(".")).resolve(build.path("dockerfile").asText()))) {
                missing.add(service.getKey() + " dockerfile " + build.path("dockerfile").asText());
            }
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
                if (source.startsWith("./") && !Files.exists(ROOT.resolve(source))) {
                    missing.add(service.getKey() + " mounts " + source);
                }
            }
        });
        assertEquals(List.of(), missing);
    }

    @Test
    void aMissingSecretStopsComposeWithItsMessage() {
        Map<String, String> env = new java.util.HashMap<>(ComposeEnv.fresh());
        env.remove("AUTH_TOKEN_PEPPER");
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> interpolated(env));
        assertTrue(refused.getMessage().contains("AUTH_TOKEN_PEPPER"), refused.getMessage());
    }

    /** The file with ${NAME:?message} and ${NAME:-default} resolved as Compose does, anchors and << merges applied. */
    private static JsonNode interpolated(Map<String, String> env) throws Exception {
        String text = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = env.get(matcher.group(1));
            if (value == null && "?".equals(matcher.group(2))) {
                throw new AssertionError("compose refuses to start without " + matcher.group(1) + ": " + matcher.group(3));
            }
            if (value == null) {
                value = matcher.group(3) == null ? "" : matcher.group(3);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        Object document = new Yaml().load(out.toString());
        return new ObjectMapper().valueToTree(document);
    }
}
