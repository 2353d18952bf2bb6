package io.panzoto.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads the published vectors under src/test/resources/vectors and the interop fixtures. */
public final class Vectors {
    private Vectors() {
    }

    /** Blocks of {@code key = value} lines separated by blank lines; '#' starts a comment. */
    public static List<Map<String, String>> cases(String file) {
        List<Map<String, String>> cases = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String raw : new String(resource("vectors/" + file), StandardCharsets.UTF_8).split("\n")) {
            String line = raw.replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                if (!current.isEmpty()) {
                    cases.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            int eq = line.indexOf('=');
            current.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        if (!current.isEmpty()) {
            cases.add(current);
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("no cases in " + file);
        }
        return cases;
    }

    public static byte[] hex(Map<String, String> vector, String key) {
        return Bytes.fromHex(vector.get(key));
    }

    public static Properties fixtures() {
        Properties props = new Properties();
        try (InputStream in = Vectors.class.getClassLoader().getResourceAsStream("interop/fixtures.properties")) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    public static byte[] resource(String name) {
        try (InputStream in = Vectors.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
