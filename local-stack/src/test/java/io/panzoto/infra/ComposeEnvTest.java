package io.panzoto.infra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.sodium.X25519;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The .env generator covers every variable docker-compose.yml demands, with fresh, well-formed secrets. */
class ComposeEnvTest {
    @Test
    void everyVariableTheComposeFileDemandsIsWrittenFresh() throws Exception {
        String compose = Files.readString(Path.of(System.getProperty("panzoto.root", "..")).resolve("docker-compose.yml"));
        Map<String, String> env = ComposeEnv.fresh();
        Set<String> forCompose = new LinkedHashSet<>(env.keySet());
        forCompose.remove(ComposeEnv.TRANSCRIBER_PUBLIC_KEY); // for Kubernetes' API-only audio pods
        assertEquals(ComposeEnv.demanded(compose), forCompose, "the compose file's ${NAME:?} variables and the generator's");
        assertNotEquals(env, ComposeEnv.fresh(), "two runs share no secret");
        for (String key : new String[] {"AUTH_KEY_ENCRYPTION_KEY", "AUTH_TOKEN_PEPPER", "MESSAGING_TOKEN_PEPPER",
                "TRANSCRIBER_PRIVATE_KEY", "DIARY_TICKET_PRIVATE_KEY"}) {
            assertEquals(32, Bytes.fromBase64(env.get(key)).length, key);
        }
        for (String pair : new String[] {"DIARY_TICKET", "TRANSCRIBER"}) {
            try (SecretBytes secret = SecretBytes.copyOf(Bytes.fromBase64(env.get(pair + "_PRIVATE_KEY")))) {
                assertArrayEquals(X25519.publicKey(secret), Bytes.fromBase64(env.get(pair + "_PUBLIC_KEY")), pair);
            }
        }
        String rendered = ComposeEnv.render(env);
        env.forEach((name, value) -> assertEquals(1, rendered.lines().filter(line -> line.equals(name + "=" + value)).count(), name));
    }
}
