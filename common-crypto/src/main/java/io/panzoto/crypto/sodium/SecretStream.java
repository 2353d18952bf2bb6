package io.panzoto.crypto.sodium;

import com.goterl.lazysodium.interfaces.SecretStream.State;
import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;

/**
 * libsodium's {@code crypto_secretstream_xchacha20poly1305}: a sequence of chunks under one key, each
 * authenticated, with order enforced and the last chunk marked, so truncation and reordering fail.
 * Sequential by design; {@link io.panzoto.crypto.stream.StreamingAeadV1} is the format with random access.
 */
public final class SecretStream {
    public static final int HEADER_BYTES = com.goterl.lazysodium.interfaces.SecretStream.HEADERBYTES;
    public static final int OVERHEAD_BYTES = com.goterl.lazysodium.interfaces.SecretStream.ABYTES;
    private static final byte TAG_MESSAGE = com.goterl.lazysodium.interfaces.SecretStream.TAG_MESSAGE;
    private static final byte TAG_FINAL = com.goterl.lazysodium.interfaces.SecretStream.TAG_FINAL;

    private SecretStream() {
    }

    /** Starts encrypting; send {@link Pusher#header()} before the chunks. */
    public static Pusher push(SecretBytes key) {
        Ed25519.requireLength(key.bytes(), Aead.KEY_BYTES, "key");
        State state = new State();
        byte[] header = new byte[HEADER_BYTES];
        Sodium.check(Sodium.get().crypto_secretstream_xchacha20poly1305_init_push(state, header, key.bytes()), "secretstream init");
        return new Pusher(state, header);
    }

    public static Puller pull(byte[] header, SecretBytes key) {
        Ed25519.requireLength(key.bytes(), Aead.KEY_BYTES, "key");
        if (header == null || header.length != HEADER_BYTES) {
            throw new MalformedCiphertextException("secretstream header must be " + HEADER_BYTES + " bytes");
        }
        State state = new State();
        if (Sodium.get().crypto_secretstream_xchacha20poly1305_init_pull(state, header, key.bytes()) != 0) {
            throw new MalformedCiphertextException("invalid secretstream header");
        }
        return new Puller(state);
    }

    public static final class Pusher {
        private final State state;
        private final byte[] header;
        private boolean finished;

        private Pusher(State state, byte[] header) {
            this.state = state;
            this.header = header;
        }

        public byte[] header() {
            return header.clone();
        }

        /** Encrypts the next chunk; {@code last} marks the end of the stream. */
        public byte[] push(byte[] chunk, boolean last) {
            if (finished) {
                throw new IllegalStateException("the stream is already finished");
            }
            byte[] out = new byte[chunk.length + OVERHEAD_BYTES];
            Sodium.check(Sodium.get().crypto_secretstream_xchacha20poly1305_push(state, out, null, chunk, chunk.length,
                    null, 0, last ? TAG_FINAL : TAG_MESSAGE), "secretstream push");
            finished = last;
            return out;
        }
    }

    public static final class Puller {
        private final State state;
        private boolean finished;

        private Puller(State state) {
            this.state = state;
        }

        /** Decrypts the next chunk; fails if it was altered, reordered, or comes after the last one. */
        public byte[] pull(byte[] chunk) {
            if (finished) {
                throw new MalformedCiphertextException("data after the final chunk");
            }
            if (chunk.length < OVERHEAD_BYTES) {
                throw new MalformedCiphertextException("secretstream chunk too short");
            }
            byte[] out = new byte[chunk.length - OVERHEAD_BYTES];
            byte[] tag = new byte[1];
            if (Sodium.get().crypto_secretstream_xchacha20poly1305_pull(state, out, null, tag, chunk, chunk.length, null, 0) != 0) {
                throw new AuthenticationFailedException("secretstream chunk did not authenticate");
            }
            finished = tag[0] == TAG_FINAL;
            return out;
        }

        /** True once the final chunk arrived; a stream that ends before that was truncated. */
        public boolean finished() {
            return finished;
        }
    }
}
