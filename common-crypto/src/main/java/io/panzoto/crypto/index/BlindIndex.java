package io.panzoto.crypto.index;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.kdf.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blind-index tokens: a server that holds a user's key can find that user's records by a term without
 * storing the term. The index key is HKDF-SHA256 (RFC 5869) of the user's data key with info
 * {@code "panzoto-blind-index-v1:" || purpose}; a token is the first 16 bytes of HMAC-SHA256 (RFC 2104)
 * of the UTF-8 term under it, as unpadded URL-safe base64 (22 characters). Equal terms give equal
 * tokens within one user and purpose (that is what makes them searchable, and what they leak); across
 * users and purposes they are unrelated.
 */
public final class BlindIndex implements AutoCloseable {
    static final int TOKEN_BYTES = 16;

    private final SecretBytes indexKey;

    private BlindIndex(SecretBytes indexKey) {
        this.indexKey = indexKey;
    }

    /** The index of one purpose ("terms", "tags") under the user's data key; close it when done. */
    public static BlindIndex of(SecretBytes dataKey, String purpose) {
        byte[] info = ("panzoto-blind-index-v1:" + purpose).getBytes(StandardCharsets.UTF_8);
        return new BlindIndex(Hkdf.derive(dataKey.bytes(), null, info, 32));
    }

    public String token(String term) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(indexKey.bytes(), "HmacSHA256"));
            byte[] full = mac.doFinal(term.getBytes(StandardCharsets.UTF_8));
            return Bytes.base64Url(Arrays.copyOf(full, TOKEN_BYTES));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("HMAC-SHA256 unavailable", e);
        }
    }

    @Override
    public void close() {
        indexKey.close();
    }

    @Override
    public String toString() {
        return "BlindIndex[redacted]";
    }
}
