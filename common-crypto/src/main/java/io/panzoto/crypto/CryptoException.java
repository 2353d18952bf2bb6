package io.panzoto.crypto;

/** Base of every failure common-crypto reports; messages never contain key material or plaintext. */
public class CryptoException extends RuntimeException {
    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
