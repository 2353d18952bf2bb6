package io.panzoto.crypto.sodium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.jna.Structure;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The native-image configuration this module ships names what exists: every class it registers or
 * initialises at run time loads, and every JNA Structure lazysodium has is registered (a lazysodium
 * upgrade that adds one fails here, not in a native executable at 3 a.m.). JNA's own metadata from
 * GraalVM's repository is in the jar too.
 */
class NativeImageConfigTest {
    private static final String OWN = "META-INF/native-image/io.panzoto/common-crypto/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRegisteredClassExistsAndEveryLazysodiumStructureIsRegistered() throws Exception {
        Set<String> reflected = names(OWN + "reflect-config.json");
        for (String name : reflected) {
            Class.forName(name, false, getClass().getClassLoader());
        }
        for (String name : names(OWN + "jni-config.json")) {
            assertTrue(reflected.contains(name), name + " is JNI-bound and reflected");
        }
        assertEquals(structuresIn(com.goterl.lazysodium.Sodium.class), new TreeSet<>(reflected.stream()
                .filter(name -> isStructure(name)).toList()), "lazysodium's JNA Structures");
    }

    @Test
    void runTimeInitialisedClassesExistAndJnasMetadataShips() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = resource(OWN + "native-image.properties")) {
            properties.load(in);
        }
        String args = properties.getProperty("Args");
        String classes = args.substring(args.indexOf('=') + 1);
        for (String name : classes.split(",")) {
            Class.forName(name.trim(), false, getClass().getClassLoader());
        }
        assertTrue(classes.contains(Sodium.class.getName()), "the class that loads libsodium");
        for (String file : new String[] {"reflect-config.json", "jni-config.json", "resource-config.json"}) {
            assertNotNull(getClass().getClassLoader().getResource("META-INF/native-image/net.java.dev.jna/jna/5.8.0/" + file), file);
        }
    }

    private Set<String> names(String path) throws Exception {
        Set<String> names = new TreeSet<>();
        try (InputStream in = resource(path)) {
            for (JsonNode entry : JSON.readTree(in)) {
                names.add(entry.path("name").asText());
            }
        }
        return names;
    }

    private InputStream resource(String path) {
        InputStream in = getClass().getClassLoader().getResourceAsStream(path);
        assertNotNull(in, path);
        return in;
    }

    private boolean isStructure(String name) {
        try {
            return Structure.class.isAssignableFrom(Class.forName(name, false, getClass().getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Every class in the jar that holds the given class that is a JNA Structure. */
    private Set<String> structuresIn(Class<?> anchor) throws Exception {
        URL location = anchor.getProtectionDomain().getCodeSource().getLocation();
        Set<String> structures = new TreeSet<>();
        try (JarFile jar = new JarFile(Path.of(location.toURI()).toFile())) {
            for (var entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class") && name.startsWith("com/goterl/")) {
                    String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                    if (isStructure(className)) {
                        structures.add(className);
                    }
                }
            }
        }
        return structures;
    }
}
