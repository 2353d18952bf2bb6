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
 * A uce user's data key, lent to one service for the life of a login session: a libsodium sealed box
 * ({@link SealedBox}) to the service's X25519 key of
 * {@code "PZDT" || version 2 || user id (16) || session id (16) || issued at, epoch ms (8) || expires at,
 * epoch s (8) || key} (integers big-endian). auth-service makes it when it holds the password (login, or
 * a request for a ticket); the client carries it; the service opens it per request. The opener checks
 * the user, the session (the one of the access token it came with) and the expiry inside the box, so a
 * copied ticket neither unlocks another user's data, nor works beside another session's token, nor
 * outlives its session; it answers the issue time and session, against which the service checks whether
 * that session, or every session of the user, has been ended since.
 */
public final class DataKeyTicket {
    private static final byte[] MAGIC = {'P', 'Z', 'D', 'T', 2};
    private static final int HEADER_BYTES = MAGIC.length + 16 + 16 + 8 + 8;

    private DataKeyTicket() {
    }

    /** A ticket past its expiry. */
    public static final class ExpiredException extends AuthenticationFailedException {
        public ExpiredException() {
            super("the data-key ticket has expired");
        }
    }

    /** An opened ticket: the data key (the caller closes it), its session and when it was issued. */
    public record Opened(SecretBytes dataKey, UUID sessionId, Instant issuedAt, Instant expiresAt) implements AutoCloseable {
        @Override
        public void close() {
            dataKey.close();
        }

        @Override
        public String toString() {
            return "Opened[issued " + issuedAt + "]";
        }
    }

    public static byte[] seal(SecretBytes dataKey, UUID userId, UUID sessionId, Instant issuedAt, Instant expiresAt,
                              byte[] servicePublicKey) {
        ByteBuffer message = ByteBuffer.allocate(HEADER_BYTES + dataKey.length());
        message.put(MAGIC).putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits())
                .putLong(sessionId.getMostSignificantBits()).putLong(sessionId.getLeastSignificantBits())
                .putLong(issuedAt.toEpochMilli()).putLong(expiresAt.getEpochSecond()).put(dataKey.bytes());
        try {
            return SealedBox.seal(message.array(), servicePublicKey);
        } finally {
            Arrays.fill(message.array(), (byte) 0);
        }
    }

    /**
     * Opens the ticket for this user's session at this time.
     *
     * @throws AuthenticationFailedException not sealed to this service, altered, or made for another user
     *                                       or another session
     * @throws ExpiredException              its session's time has passed
     */
    public static Opened open(byte[] ticket, UUID userId, UUID sessionId, Instant now, byte[] servicePublicKey,
                              SecretBytes serviceSecretKey) {
        if (ticket.length <= SealedBox.OVERHEAD + HEADER_BYTES) {
            throw new MalformedCiphertextException("data-key ticket too short");
        }
        byte[] message = SealedBox.open(ticket, servicePublicKey, serviceSecretKey);
        try {
            ByteBuffer in = ByteBuffer.wrap(message);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            UUID sealedFor = new UUID(in.getLong(), in.getLong());
            UUID session = new UUID(in.getLong(), in.getLong());
            Instant issuedAt = Instant.ofEpochMilli(in.getLong());
            long expiresAt = in.getLong();
            if (!Arrays.equals(magic, MAGIC) || !sealedFor.equals(userId)) {
                throw new AuthenticationFailedException("the data-key ticket was made for another user");
            }
            if (!session.equals(sessionId)) {
                throw new AuthenticationFailedException("the data-key ticket was made for another session");
            }
            if (now.getEpochSecond() >= expiresAt) {
                throw new ExpiredException();
            }
            return new Opened(new SecretBytes(Arrays.copyOfRange(message, HEADER_BYTES, message.length)), session, issuedAt,
                    Instant.ofEpochSecond(expiresAt));
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }
}
