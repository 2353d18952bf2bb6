package io.panzoto.crypto.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.CryptoException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class RsaSigningKeysTest {

    @Test
    void keysSurviveTheirStorageEncodingAndStillSign() throws Exception {
        KeyPair pair = RsaSigningKeys.generate();
        assertEquals(RsaSigningKeys.BITS, ((RSAPublicKey) pair.getPublic()).getModulus().bitLength());
        var publicKey = RsaSigningKeys.publicKey(pair.getPublic().getEncoded());
        var privateKey = RsaSigningKeys.privateKey(pair.getPrivate().getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(privateKey);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signature));
        assertThrows(CryptoException.class, () -> RsaSigningKeys.publicKey(new byte[] {1, 2}));
    }
}
