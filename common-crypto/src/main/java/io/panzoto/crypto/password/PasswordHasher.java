package io.panzoto.crypto.password;

import com.sun.jna.NativeLong;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Argon2id password hashing to PHC strings ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}) with
 * libsodium's {@code crypto_pwhash_str}, and verification of any Argon2id or Argon2i PHC string,
 * including those made by argon2-cffi with several lanes. CPU- and memory-heavy by design: call it
 * off the event loop.
 */
public final class PasswordHasher {
    private static final int STR_BYTES = 128;
    private static final Pattern ONE_LANE = Pattern.compile("^\\$argon2id\\$v=19\\$m=\\d+,t=\\d+,p=1\\$");
    /** lazysodium's raw binding, shared through our Sodium holder (the two share a simple name). */
    private static final com.goterl.lazysodium.Sodium SODIUM = io.panzoto.crypto.sodium.Sodium.get();

    private final Argon2Parameters parameters;
    private final String dummyHash;

    public PasswordHasher(Argon2Parameters parameters) {
        this.parameters = parameters;
        this.dummyHash = hash("panzoto timing equaliser");
    }

    public Argon2Parameters parameters() {
        return parameters;
    }

    /** A fresh PHC string with a random salt, at this hasher's parameters. */
    public String hash(String password) {
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[STR_BYTES];
        try {
            int result = SODIUM.crypto_pwhash_str(out, secret, secret.length, parameters.iterations(),
                    new NativeLong(parameters.memoryBytes()));
            if (result != 0) {
                throw new CryptoException("argon2id hashing failed (out of memory?)");
            }
            int end = 0;
            while (end < out.length && out[end] != 0) {
                end++;
            }
            return new String(out, 0, end, StandardCharsets.US_ASCII);
        } finally {
            Bytes.wipe(secret);
        }
    }

    /** True only when the password matches; a malformed or non-Argon2 string is simply no match. */
    public boolean verify(String phcHash, String password) {
        if (phcHash == null || !(phcHash.startsWith("$argon2id$") || phcHash.startsWith("$argon2i$"))) {
            return false;
        }
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            return SODIUM.crypto_pwhash_str_verify(nulTerminated(phcHash), secret, secret.length) == 0;
        } finally {
            Bytes.wipe(secret);
        }
    }

    /**
     * Spends the time of one verification without an account, so that an unknown email answers as
     * slowly as a wrong password (no account enumeration by timing).
     */
    public void verifyNothing(String password) {
        verify(dummyHash, password);
    }

    /**
     * True when the hash was made with another algorithm or other parameters, lanes included
     * (libsodium's own check ignores lanes): rehash it at the next login.
     */
    public boolean needsRehash(String phcHash) {
        if (phcHash == null || !phcHash.startsWith("$argon2id$") || !ONE_LANE.matcher(phcHash).find()) {
            return true;
        }
        return SODIUM.crypto_pwhash_str_needs_rehash(nulTerminated(phcHash), parameters.iterations(),
                new NativeLong(parameters.memoryBytes())) != 0;
    }

    private static byte[] nulTerminated(String value) {
        byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[ascii.length + 1];
        System.arraycopy(ascii, 0, out, 0, ascii.length);
        return out;
    }

    @Override
    public String toString() {
        return "PasswordHasher[argon2id m=" + parameters.memoryKiB() + "KiB t=" + parameters.iterations() + " p=1]";
    }
}
