package io.panzoto.crypto.token;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens (fetch tokens, refresh tokens, link tokens): 256 random bits as URL-safe base64.
 * Only their HMAC-SHA256 under a server-side pepper is stored, so a leaked table yields no usable
 * token, and a lookup by hash needs no scan; comparisons are constant-time.
 */
public final class Tokens {
    public static final int TOKEN_BYTES = 32;
    private static final int MIN_PRESENTED_LENGTH = 8;
    private static final int MAX_PRESENTED_LENGTH = 128;

    private final SecretBytes pepper;

    /** @param pepper a server secret of at least 32 bytes, from configuration, never stored beside the hashes */
    public Tokens(SecretBytes pepper) {
        if (pepper.length() < 32) {
            throw new IllegalArgumentException("the token pepper must be at least 32 bytes");
        }
        this.pepper = pepper;
    }

    /** A fresh token (43 URL-safe characters). */
    public static String generate() {
        byte[] raw = SecureRandoms.bytes(TOKEN_BYTES);
        try {
            return Bytes.base64Url(raw);
        } finally {
            Bytes.wipe(raw);
        }
    }

    /**
     * A presented token in its one canonical form (surrounding whitespace dropped), or empty when it
     * cannot be a token: 8 to 128 URL-safe characters. Ours are 43; the wider range keeps tokens of the
     * system we replace (its columns are VARCHAR(128)) usable. Check this before a token keys anything.
     */
    public static Optional<String> canonical(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        String token = presented.strip();
        if (token.length() < MIN_PRESENTED_LENGTH || token.length() > MAX_PRESENTED_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return Optional.empty();
            }
        }
        return Optional.of(token);
    }

    /** The value to store and index: hex HMAC-SHA256(pepper, token). */
    public String storageHash(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper.bytes(), "HmacSHA256"));
            return Bytes.hex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Whether the presented token hashes to the stored hash, compared in constant time. */
    public boolean matches(String presentedToken, String storedHash) {
        if (presentedToken == null || storedHash == null) {
            return false;
        }
        return Bytes.constantTimeEquals(storageHash(presentedToken).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "Tokens[pepper redacted]";
    }
}
