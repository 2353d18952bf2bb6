package io.panzoto.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CoreTest {

    @Test
    void sha256OfAbcIsTheFips180Example() throws IOException {
        String expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertEquals(expected, ContentHash.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, ContentHash.sha256Hex(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII))));
        // In parts, the same digest as of their concatenation.
        assertEquals(expected, Bytes.hex(ContentHash.sha256("a".getBytes(StandardCharsets.US_ASCII), new byte[0],
                "bc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void secretBytesWipeOnCloseAndNeverPrint() {
        byte[] raw = {1, 2, 3, 4};
        SecretBytes secret = new SecretBytes(raw);
        assertFalse(secret.toString().contains("1, 2"));
        assertTrue(secret.toString().contains("redacted"));
        secret.close();
        assertArrayEquals(new byte[4], raw);
        assertThrows(IllegalStateException.class, secret::bytes);
    }

    @Test
    void encodingsRoundTrip() {
        byte[] data = SecureRandoms.bytes(33);
        assertArrayEquals(data, Bytes.fromHex(Bytes.hex(data)));
        assertArrayEquals(data, Bytes.fromBase64(Bytes.base64(data)));
        assertArrayEquals(data, Bytes.fromBase64Url(Bytes.base64Url(data)));
        assertTrue(Bytes.constantTimeEquals(data, data.clone()));
        assertFalse(Bytes.constantTimeEquals(data, SecureRandoms.bytes(33)));
    }
}
