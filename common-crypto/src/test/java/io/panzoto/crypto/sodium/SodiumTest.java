package io.panzoto.crypto.sodium;

import static io.panzoto.crypto.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SodiumTest {

    @Test
    void chacha20Poly1305MatchesRfc8439() {
        for (Map<String, String> v : Vectors.cases("rfc8439-chacha20poly1305.txt")) {
            try (SecretBytes key = SecretBytes.copyOf(hex(v, "key"))) {
                byte[] sealed = Aead.CHACHA20_POLY1305_IETF.encrypt(hex(v, "plaintext"), hex(v, "aad"), hex(v, "nonce"), key);
                assertArrayEquals(Bytes.concat(hex(v, "ciphertext"), hex(v, "tag")), sealed);
                assertArrayEquals(hex(v, "plaintext"), Aead.CHACHA20_POLY1305_IETF.decrypt(sealed, hex(v, "aad"), hex(v, "nonce"), key));
                sealed[3] ^= 1;
                assertThrows(AuthenticationFailedException.class,
                        () -> Aead.CHACHA20_POLY1305_IETF.decrypt(sealed, hex(v, "aad"), hex(v, "nonce"), key));
            }
        }
    }

    @Test
    void xchacha20Poly1305RoundTripsAndRejectsAWrongAad() {
        try (SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            byte[] nonce = SecureRandoms.bytes(24);
            byte[] sealed = Aead.XCHACHA20_POLY1305_IETF.encrypt("entry".getBytes(StandardCharsets.UTF_8), new byte[] {1}, nonce, key);
            assertArrayEquals("entry".getBytes(StandardCharsets.UTF_8), Aead.XCHACHA20_POLY1305_IETF.decrypt(sealed, new byte[] {1}, nonce, key));
            assertThrows(AuthenticationFailedException.class, () -> Aead.XCHACHA20_POLY1305_IETF.decrypt(sealed, new byte[] {2}, nonce, key));
            assertThrows(MalformedCiphertextException.class, () -> Aead.XCHACHA20_POLY1305_IETF.decrypt(new byte[3], null, nonce, key));
        }
    }

    @Test
    void ed25519MatchesRfc8032() {
        for (Map<String, String> v : Vectors.cases("rfc8032-ed25519.txt")) {
            Ed25519.KeyPair pair = Ed25519.fromSeed(hex(v, "secret"));
            assertArrayEquals(hex(v, "public"), pair.publicKey());
            assertArrayEquals(hex(v, "signature"), Ed25519.sign(hex(v, "message"), pair.secretKey()));
            assertTrue(Ed25519.verify(hex(v, "signature"), hex(v, "message"), hex(v, "public")));
            byte[] bad = hex(v, "signature");
            bad[10] ^= 1;
            assertFalse(Ed25519.verify(bad, hex(v, "message"), hex(v, "public")));
            assertFalse(Ed25519.verify(Arrays.copyOf(bad, 63), hex(v, "message"), hex(v, "public")));
        }
    }

    @Test
    void x25519MatchesRfc7748() {
        for (Map<String, String> v : Vectors.cases("rfc7748-x25519.txt")) {
            try (SecretBytes scalar = SecretBytes.copyOf(hex(v, "scalar")); SecretBytes out = X25519.sharedSecret(scalar, hex(v, "u"))) {
                assertArrayEquals(hex(v, "output"), out.bytes());
            }
        }
    }

    @Test
    void opensAPyNaClSealedBoxWithTheKeyDerivedFromTheEd25519Seed() {
        Properties fixtures = Vectors.fixtures();
        Ed25519.KeyPair signing = Ed25519.fromSeed(Bytes.fromHex(fixtures.getProperty("ed25519.seed")));
        assertArrayEquals(Bytes.fromHex(fixtures.getProperty("ed25519.public")), signing.publicKey());
        byte[] x25519Public = Ed25519.toX25519PublicKey(signing.publicKey());
        try (SecretBytes x25519Secret = Ed25519.toX25519SecretKey(signing.secretKey())) {
            assertArrayEquals(Bytes.fromHex(fixtures.getProperty("x25519.public")), x25519Public);
            assertArrayEquals(Bytes.fromHex(fixtures.getProperty("x25519.secret")), x25519Secret.bytes());
            assertArrayEquals(x25519Public, X25519.publicKey(x25519Secret));
            byte[] opened = SealedBox.open(Vectors.resource("interop/pynacl-sealed-box.bin"), x25519Public, x25519Secret);
            assertArrayEquals(Bytes.fromHex(fixtures.getProperty("sealed.plaintext")), opened);
        }
    }

    @Test
    void verifiesAPyNaClChallengeSignature() {
        Properties fixtures = Vectors.fixtures();
        byte[] challenge = fixtures.getProperty("challenge").getBytes(StandardCharsets.UTF_8);
        byte[] publicKey = Bytes.fromHex(fixtures.getProperty("ed25519.public"));
        byte[] signature = Bytes.fromHex(fixtures.getProperty("challenge.signature"));
        assertTrue(Ed25519.verify(signature, challenge, publicKey));
        assertFalse(Ed25519.verify(signature, "another challenge".getBytes(StandardCharsets.UTF_8), publicKey));
    }

    @Test
    void sealedBoxesOpenOnlyForTheirRecipientAndUntouched() {
        Ed25519.KeyPair recipient = Ed25519.generate();
        byte[] publicKey = Ed25519.toX25519PublicKey(recipient.publicKey());
        byte[] box = SealedBox.seal("hello".getBytes(StandardCharsets.UTF_8), publicKey);
        try (SecretBytes secret = Ed25519.toX25519SecretKey(recipient.secretKey())) {
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), SealedBox.open(box, publicKey, secret));
            byte[] tampered = box.clone();
            tampered[box.length - 1] ^= 1;
            assertThrows(AuthenticationFailedException.class, () -> SealedBox.open(tampered, publicKey, secret));
            assertThrows(MalformedCiphertextException.class, () -> SealedBox.open(new byte[47], publicKey, secret));
        }
        Ed25519.KeyPair stranger = Ed25519.generate();
        try (SecretBytes strangerSecret = Ed25519.toX25519SecretKey(stranger.secretKey())) {
            assertThrows(AuthenticationFailedException.class,
                    () -> SealedBox.open(box, Ed25519.toX25519PublicKey(stranger.publicKey()), strangerSecret));
        }
    }

    @Test
    void secretStreamDetectsReorderingTamperingAndTruncation() {
        try (SecretBytes key = SecretBytes.copyOf(SecureRandoms.bytes(32))) {
            SecretStream.Pusher pusher = SecretStream.push(key);
            byte[] c1 = pusher.push("one".getBytes(StandardCharsets.UTF_8), false);
            byte[] c2 = pusher.push("two".getBytes(StandardCharsets.UTF_8), false);
            byte[] c3 = pusher.push("three".getBytes(StandardCharsets.UTF_8), true);

            SecretStream.Puller in = SecretStream.pull(pusher.header(), key);
            assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), in.pull(c1));
            assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), in.pull(c2));
            assertFalse(in.finished(), "a stream cut here is visibly truncated");
            assertArrayEquals("three".getBytes(StandardCharsets.UTF_8), in.pull(c3));
            assertTrue(in.finished());

            SecretStream.Puller reordered = SecretStream.pull(pusher.header(), key);
            assertThrows(AuthenticationFailedException.class, () -> reordered.pull(c2));

            byte[] tampered = c1.clone();
            tampered[0] ^= 1;
            assertThrows(AuthenticationFailedException.class, () -> SecretStream.pull(pusher.header(), key).pull(tampered));
        }
    }

    @Test
    void keyPairsNeverPrintTheirSecret() {
        Ed25519.KeyPair pair = Ed25519.generate();
        assertFalse(pair.toString().contains(Bytes.hex(pair.secretKey().bytes())));
        assertTrue(pair.secretKey().toString().contains("redacted"));
    }
}
