package io.panzoto.crypto.envelope;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.sodium.SealedBox;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * A key that one job needs, sealed to the service that runs the job, so it can travel in an event:
 * a libsodium sealed box ({@link SealedBox}) to the worker's X25519 key of
 * {@code "PZJK" || version 1 || job id (16) || expiry, epoch seconds (8, big-endian) || key}.
 * The opener checks the job id and the expiry inside the box, so a copied box neither unlocks
 * another job nor outlives its job.
 */
public final class SealedJobKey {
    private static final byte[] MAGIC = {'P', 'Z', 'J', 'K', 1};
    private static final int HEADER_BYTES = MAGIC.length + 16 + 8;

    private SealedJobKey() {
    }

    /** A key that outlived its job. */
    public static final class ExpiredException extends AuthenticationFailedException {
        public ExpiredException() {
            super("the job key has expired");
        }
    }

    public static byte[] seal(SecretBytes key, UUID jobId, Instant expiresAt, byte[] workerPublicKey) {
        ByteBuffer message = ByteBuffer.allocate(HEADER_BYTES + key.length());
        message.put(MAGIC).putLong(jobId.getMostSignificantBits()).putLong(jobId.getLeastSignificantBits())
                .putLong(expiresAt.getEpochSecond()).put(key.bytes());
        try {
            return SealedBox.seal(message.array(), workerPublicKey);
        } finally {
            Arrays.fill(message.array(), (byte) 0);
        }
    }

    /**
     * Opens the box for this job at this time.
     *
     * @throws AuthenticationFailedException not sealed to this worker, altered, or made for another job
     * @throws ExpiredException              the job's time has passed
     */
    public static SecretBytes open(byte[] box, UUID jobId, Instant now, byte[] workerPublicKey, SecretBytes workerSecretKey) {
        if (box.length <= SealedBox.OVERHEAD + HEADER_BYTES) {
            throw new MalformedCiphertextException("sealed job key too short");
        }
        byte[] message = SealedBox.open(box, workerPublicKey, workerSecretKey);
        try {
            ByteBuffer in = ByteBuffer.wrap(message);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            UUID sealedFor = new UUID(in.getLong(), in.getLong());
            long expiresAt = in.getLong();
            if (!Arrays.equals(magic, MAGIC) || !sealedFor.equals(jobId)) {
                throw new AuthenticationFailedException("the job key was sealed for another job");
            }
            if (now.getEpochSecond() >= expiresAt) {
                throw new ExpiredException();
            }
            return new SecretBytes(Arrays.copyOfRange(message, HEADER_BYTES, message.length));
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }
}
