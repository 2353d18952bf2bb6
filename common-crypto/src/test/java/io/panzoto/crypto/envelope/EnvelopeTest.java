package io.panzoto.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static final byte[] AAD = "user:7:data-key".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWrappedKeyUnwrapsOnlyWithItsKekAndAad() {
        try (SecretBytes dataKey = SecretBytes.copyOf(SecureRandoms.bytes(32));
             SecretBytes kek = SecretBytes.copyOf(SecureRandoms.bytes(32));
             SecretBytes otherKek = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            byte[] wrapped = KeyWrap.wrap(dataKey, kek, AAD);
            try (SecretBytes unwrapped = KeyWrap.unwrap(wrapped, kek, AAD)) {
                assertArrayEquals(dataKey.bytes(), unwrapped.bytes());
            }
            assertThrows(AuthenticationFailedException.class, () -> KeyWrap.unwrap(wrapped, otherKek, AAD));
            assertThrows(AuthenticationFailedException.class, () -> KeyWrap.unwrap(wrapped, kek, "user:8:data-key".getBytes(StandardCharsets.UTF_8)));
            assertThrows(MalformedCiphertextException.class, () -> KeyWrap.unwrap(new byte[10], kek, AAD));
        }
    }

    @Test
    void aSealedRecordOpensOnlyForItsUserRecordAndVersion() {
        byte[] entry = "dear diary".getBytes(StandardCharsets.UTF_8);
        try (SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            byte[] sealed = RecordSealer.seal(key, "user-1", "entry-9", 3, entry);
            assertArrayEquals(entry, RecordSealer.open(key, "user-1", "entry-9", 3, sealed));
            assertThrows(AuthenticationFailedException.class, () -> RecordSealer.open(key, "user-2", "entry-9", 3, sealed));
            assertThrows(AuthenticationFailedException.class, () -> RecordSealer.open(key, "user-1", "entry-8", 3, sealed));
            assertThrows(AuthenticationFailedException.class, () -> RecordSealer.open(key, "user-1", "entry-9", 4, sealed));
            // Length prefixes keep ("user-1", "entry-9") apart from ("user-1e", "ntry-9").
            assertThrows(AuthenticationFailedException.class, () -> RecordSealer.open(key, "user-1e", "ntry-9", 3, sealed));
        }
    }
}
