package io.panzoto.diary.keys;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.DataKeyTicket;
import io.panzoto.crypto.sodium.X25519;
import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.revocation.SessionRevocations;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * Opens the data-key ticket a uce request carries ({@code X-Data-Key-Ticket}, from auth-service) with
 * this service's X25519 key: the user's data key, for this request only. A ticket for another user, for
 * another session than the request's token, an expired one, one whose session a logout ended, or one
 * issued before the user ended every session opens nothing (401). Opening is a
 * sealed-box open (one X25519 and one XSalsa20-Poly1305 over 80 bytes, microseconds), so no opened key
 * is cached: the key lives in memory only while its request is served.
 */
@ApplicationScoped
public class DataKeyTickets {
    public static final String HEADER = "X-Data-Key-Ticket";

    private final SecretBytes secretKey;
    private final byte[] publicKey;
    private final SessionRevocations revocations;

    public DataKeyTickets(DiaryConfig config, SessionRevocations revocations) {
        byte[] secret = Bytes.fromBase64(config.ticketPrivateKey().trim());
        if (secret.length != 32) {
            throw new IllegalStateException("panzoto.diary.ticket-private-key must be 32 bytes in base64");
        }
        this.secretKey = new SecretBytes(secret);
        this.publicKey = X25519.publicKey(secretKey);
        this.revocations = revocations;
    }

    /** The asker's data key from their ticket; the caller closes it. */
    public SecretBytes open(Asker asker) {
        String ticket = asker.ticket();
        UUID userId = asker.userId();
        if (ticket == null || ticket.isBlank()) {
            throw ApiException.unauthorized("data_key_ticket_required",
                    "a uce diary needs the data-key ticket (POST /api/v1/auth/data-key-ticket) in " + HEADER);
        }
        DataKeyTicket.Opened opened;
        try {
            if (asker.sessionId() == null) {
                throw new IllegalArgumentException("a token without a session carries no ticket");
            }
            opened = DataKeyTicket.open(Bytes.fromBase64Url(ticket.trim()), userId, asker.sessionId(), Instant.now(), publicKey, secretKey);
        } catch (DataKeyTicket.ExpiredException e) {
            throw ApiException.unauthorized("data_key_ticket_expired", "the data-key ticket has expired; ask for a new one");
        } catch (CryptoException | IllegalArgumentException e) {
            throw ApiException.unauthorized("data_key_ticket_invalid", "the data-key ticket is not valid for this account");
        }
        if (revocations.isRevoked(userId.toString(), opened.sessionId().toString(), opened.issuedAt().toEpochMilli())) {
            opened.close();
            throw ApiException.unauthorized("data_key_ticket_invalid", "this session has ended; sign in again");
        }
        return opened.dataKey();
    }

    @PreDestroy
    void close() {
        secretKey.close();
    }
}
