package io.panzoto.crypto;

/** The input is not in the expected format: too short, truncated, an unknown header or version. */
public class MalformedCiphertextException extends CryptoException {
    public MalformedCiphertextException(String message) {
        super(message);
    }
}
