package io.panzoto.auth.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The native-image configuration auth-service ships for ONNX Runtime names every class of the jar on
 * the class path (its JNI library calls back into them), so an upgrade that adds a class fails here
 * rather than in a native executable.
 */
class OnnxRuntimeNativeConfigTest {
    private static final String CONFIG = "/META-INF/native-image/io.panzoto/auth-service/";

    @Test
    void everyOnnxRuntimeClassIsRegisteredForJni() throws Exception {
        Set<String> inJar = new TreeSet<>();
        JarURLConnection connection = (JarURLConnection) OrtEnvironment.class.getResource("OrtEnvironment.class").openConnection();
        try (JarFile jar = new JarFile(connection.getJarFileURL().getFile())) {
            Collections.list(jar.entries()).stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("ai/onnxruntime/") && name.endsWith(".class"))
                    .forEach(name -> inJar.add(name.substring(0, name.length() - ".class".length()).replace('/', '.')));
        }
        assertTrue(inJar.size() > 40, "the jar's classes: " + inJar);
        Set<String> registered = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream(CONFIG + "jni-config.json")) {
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                registered.add(entry.get("name").asText());
                assertTrue(entry.get("allDeclaredConstructors").asBoolean() && entry.get("allDeclaredMethods").asBoolean()
                        && entry.get("allDeclaredFields").asBoolean(), entry.toString());
            }
        }
        assertEquals(inJar, registered);
        try (InputStream in = getClass().getResourceAsStream(CONFIG + "native-image.properties")) {
            assertTrue(new String(in.readAllBytes()).contains("--initialize-at-run-time=ai.onnxruntime"));
        }
    }
}
