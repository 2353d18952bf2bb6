package io.panzoto.crypto.signing;

import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecureRandoms;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * RSA key pairs for RS256 access tokens (RFC 7518 section 3.3): 3072-bit keys, encoded as X.509
 * SubjectPublicKeyInfo and PKCS#8 DER for storage (the private part only ever stored wrapped).
 */
public final class RsaSigningKeys {
    public static final int BITS = 3072;

    private RsaSigningKeys() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(BITS, SecureRandoms.get());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("RSA key generation unavailable", e);
        }
    }

    public static RSAPublicKey publicKey(byte[] x509) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("not an RSA public key", e);
        }
    }

    public static RSAPrivateKey privateKey(byte[] pkcs8) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new CryptoException("not an RSA private key", e);
        }
    }
}
