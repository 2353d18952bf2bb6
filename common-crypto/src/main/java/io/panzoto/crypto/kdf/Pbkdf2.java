package io.panzoto.crypto.kdf;

import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018), the Android app's key derivation: the password's UTF-8 bytes, as
 * Android's {@code PBKDF2WithHmacSHA256} encodes them. Uses the JDK's implementation (SHA-256
 * intrinsics); checked against RFC 7914 section 11 and Python's hashlib.
 */
public final class Pbkdf2 {
    /** The Android voice-notes app's parameters. */
    public static final int ANDROID_ITERATIONS = 100_000;
    public static final int ANDROID_KEY_BYTES = 32;

    private Pbkdf2() {
    }

    public static SecretBytes deriveAndroidKey(String password, byte[] keySalt) {
        return derive(password, keySalt, ANDROID_ITERATIONS, ANDROID_KEY_BYTES);
    }

    public static SecretBytes derive(String password, byte[] salt, int iterations, int keyBytes) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, keyBytes * 8);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretBytes(key);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("PBKDF2-HMAC-SHA256 unavailable", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
