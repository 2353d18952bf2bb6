package io.panzoto.crypto.sodium;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;

/**
 * libsodium sealed boxes ({@code crypto_box_seal}): anonymous public-key encryption to an X25519 key,
 * 48 bytes longer than the message (ephemeral public key + MAC). Compatible with PyNaCl's SealedBox.
 */
public final class SealedBox {
    public static final int OVERHEAD = 48;

    private SealedBox() {
    }

    public static byte[] seal(byte[] message, byte[] recipientPublicKey) {
        Ed25519.requireLength(recipientPublicKey, X25519.KEY_BYTES, "recipient public key");
        byte[] box = new byte[message.length + OVERHEAD];
        Sodium.check(Sodium.get().crypto_box_seal(box, message, message.length, recipientPublicKey), "sealed box");
        return box;
    }

    public static byte[] open(byte[] box, byte[] recipientPublicKey, SecretBytes recipientSecretKey) {
        if (box == null || box.length < OVERHEAD) {
            throw new MalformedCiphertextException("a sealed box is at least " + OVERHEAD + " bytes");
        }
        Ed25519.requireLength(recipientPublicKey, X25519.KEY_BYTES, "recipient public key");
        Ed25519.requireLength(recipientSecretKey.bytes(), X25519.KEY_BYTES, "recipient secret key");
        byte[] message = new byte[box.length - OVERHEAD];
        if (Sodium.get().crypto_box_seal_open(message, box, box.length, recipientPublicKey, recipientSecretKey.bytes()) != 0) {
            throw new AuthenticationFailedException("sealed box did not open");
        }
        return message;
    }
}
