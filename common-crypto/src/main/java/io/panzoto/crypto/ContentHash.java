package io.panzoto.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 content hashes (FIPS 180-4) of byte arrays and streams, as lower-case hex. */
public final class ContentHash {
    private ContentHash() {
    }

    public static String sha256Hex(byte[] data) {
        return Bytes.hex(digest().digest(data));
    }

    /** SHA-256 of the parts one after the other (callers frame variable-length parts themselves). */
    public static byte[] sha256(byte[]... parts) {
        MessageDigest digest = digest();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** Hashes a stream in constant memory. */
    public static String sha256Hex(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) != -1) {
            digest.update(buffer, 0, read);
        }
        return Bytes.hex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("SHA-256 unavailable", e);
        }
    }
}
