package io.panzoto.infra;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.X25519;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the {@code .env} that docker-compose.yml demands, every secret fresh: passwords and S3 keys as
 * random hex, keys and peppers as base64 of 32 random bytes, and the diary's X25519 ticket key pair made
 * with the project's own crypto (libsodium). Refuses to overwrite an existing file (its secrets guard
 * data already written); the file is readable by its owner only.
 * <pre>java -cp ... io.panzoto.infra.ComposeEnv [path to .env]   (deploy/docker/make-env)</pre>
 */
public final class ComposeEnv {
    /** Written beside what compose demands, for Kubernetes. */
    static final String TRANSCRIBER_PUBLIC_KEY = "TRANSCRIBER_PUBLIC_KEY";
    private static final Pattern DEMANDED = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?");

    private ComposeEnv() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : ".env");
        if (Files.exists(target)) {
            System.err.println(target + " exists; its secrets protect data already written. Move it away to make a new one.");
            System.exit(1);
        }
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(target, render(fresh()), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        System.out.println("wrote " + target + " (" + fresh().size() + " secrets); keep it out of version control");
    }

    /** Every variable docker-compose.yml demands ({@code ${NAME:?...}}), in the order it names them. */
    static java.util.Set<String> demanded(String composeFile) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        Matcher matcher = DEMANDED.matcher(composeFile);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static Map<String, String> fresh() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_PASSWORD", hex(24));
        for (String service : new String[] {"AUTH", "AUDIO", "MESSAGING", "DIARY"}) {
            env.put(service + "_DB_PASSWORD", hex(24));
        }
        env.put("S3_ACCESS_KEY", "panzoto-" + hex(6));
        env.put("S3_SECRET_KEY", hex(24));
        env.put("AUTH_KEY_ENCRYPTION_KEY", key());
        env.put("AUTH_TOKEN_PEPPER", key());
        env.put("MESSAGING_TOKEN_PEPPER", key());
        String transcriberKey = key();
        env.put("TRANSCRIBER_PRIVATE_KEY", transcriberKey);
        // Not read by the compose file: Kubernetes' API-only audio pods get this half (deploy/k8s/create-secrets).
        env.put(TRANSCRIBER_PUBLIC_KEY, publicHalf(transcriberKey));
        String diaryTicketKey = key();
        env.put("DIARY_TICKET_PRIVATE_KEY", diaryTicketKey);
        env.put("DIARY_TICKET_PUBLIC_KEY", publicHalf(diaryTicketKey));
        return env;
    }

    /** The X25519 public key of a base64 secret key, base64. */
    static String publicHalf(String secretKey) {
        try (SecretBytes secret = SecretBytes.copyOf(Bytes.fromBase64(secretKey))) {
            return Bytes.base64(X25519.publicKey(secret));
        }
    }

    static String render(Map<String, String> env) {
        StringBuilder out = new StringBuilder("# Fresh secrets for docker-compose.yml, written by deploy/docker/make-env. Never commit.\n");
        env.forEach((name, value) -> out.append(name).append('=').append(value).append('\n'));
        return out.toString();
    }

    private static String hex(int bytes) {
        return Bytes.hex(SecureRandoms.bytes(bytes));
    }

    private static String key() {
        return Bytes.base64(SecureRandoms.bytes(32));
    }
}
