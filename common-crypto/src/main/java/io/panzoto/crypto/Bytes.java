package io.panzoto.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Encoding, constant-time comparison and wiping of byte arrays. */
public final class Bytes {
    private static final HexFormat HEX = HexFormat.of();

    private Bytes() {
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Decodes hex (either case); throws IllegalArgumentException on anything else. */
    public static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static byte[] fromBase64(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    /** URL-safe base64 without padding, for tokens in URLs and headers. */
    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] fromBase64Url(String base64) {
        return Base64.getUrlDecoder().decode(base64);
    }

    /** Compares in time independent of where the arrays differ (length may leak, content does not). */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** Overwrites secret bytes once they are no longer needed. */
    public static void wipe(byte[]... arrays) {
        for (byte[] array : arrays) {
            if (array != null) {
                Arrays.fill(array, (byte) 0);
            }
        }
    }

    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
