package io.panzoto.crypto;

import java.util.Arrays;

/**
 * Key material that wipes itself on {@link #close()} and never prints its content. Use it in
 * try-with-resources so a derived key lives only as long as the operation that needs it.
 */
public final class SecretBytes implements AutoCloseable {
    private final byte[] bytes;
    private boolean destroyed;

    /** Takes ownership of the array: the caller must not keep using it. */
    public SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes.clone());
    }

    /** The bytes themselves, not a copy: do not keep a reference past {@link #close()}. */
    public synchronized byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("secret already wiped");
        }
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public synchronized void close() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes, redacted]";
    }
}
