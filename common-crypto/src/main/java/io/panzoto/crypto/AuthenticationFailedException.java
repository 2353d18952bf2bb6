package io.panzoto.crypto;

/**
 * The data did not authenticate: a wrong key or password, a flipped bit, a wrong AAD, a reordered or
 * foreign chunk. No plaintext of the failed operation has been released.
 */
public class AuthenticationFailedException extends CryptoException {
    public AuthenticationFailedException(String message) {
        super(message);
    }
}
