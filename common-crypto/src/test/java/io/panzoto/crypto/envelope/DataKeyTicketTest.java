package io.panzoto.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panzoto.crypto.AuthenticationFailedException;
import io.panzoto.crypto.MalformedCiphertextException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.sodium.X25519;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DataKeyTicketTest {
    private final SecretBytes serviceSecret = SecretBytes.copyOf(SecureRandoms.bytes(32));
    private final byte[] servicePublic = X25519.publicKey(serviceSecret);
    private final byte[] dataKey = SecureRandoms.bytes(32);
    private final UUID user = UUID.randomUUID();
    private final UUID session = UUID.randomUUID();
    private final Instant issued = Instant.parse("2026-12-01T12:00:00.123Z");

    @Test
    void theServiceOpensTheUsersKeyAndLearnsTheSessionAndWhenTheTicketWasIssued() {
        byte[] ticket = DataKeyTicket.seal(SecretBytes.copyOf(dataKey), user, session, issued, issued.plus(Duration.ofDays(30)), servicePublic);
        assertFalse(containsRun(ticket, dataKey), "the key must not appear in the ticket");
        try (DataKeyTicket.Opened opened = DataKeyTicket.open(ticket, user, session, issued.plusSeconds(60), servicePublic, serviceSecret)) {
            assertArrayEquals(dataKey, opened.dataKey().bytes());
            assertEquals(issued, opened.issuedAt(), "to the millisecond, as ended sessions are compared");
            assertEquals(session, opened.sessionId());
            assertFalse(opened.toString().contains(Arrays.toString(dataKey)));
        }
    }

    @Test
    void aTicketOpensForNoOtherUserNoOtherSessionNoOtherServiceAndNotAfterItsExpiry() {
        byte[] ticket = DataKeyTicket.seal(SecretBytes.copyOf(dataKey), user, session, issued, issued.plus(Duration.ofMinutes(15)), servicePublic);
        Instant now = issued.plusSeconds(1);
        assertThrows(AuthenticationFailedException.class, () -> DataKeyTicket.open(ticket, UUID.randomUUID(), session, now, servicePublic, serviceSecret));
        assertThrows(AuthenticationFailedException.class, () -> DataKeyTicket.open(ticket, user, UUID.randomUUID(), now, servicePublic, serviceSecret));
        SecretBytes otherSecret = SecretBytes.copyOf(SecureRandoms.bytes(32));
        assertThrows(AuthenticationFailedException.class,
                () -> DataKeyTicket.open(ticket, user, session, now, X25519.publicKey(otherSecret), otherSecret));
        assertThrows(DataKeyTicket.ExpiredException.class,
                () -> DataKeyTicket.open(ticket, user, session, issued.plus(Duration.ofMinutes(15)), servicePublic, serviceSecret));
        byte[] altered = ticket.clone();
        altered[altered.length - 1] ^= 1;
        assertThrows(AuthenticationFailedException.class, () -> DataKeyTicket.open(altered, user, session, now, servicePublic, serviceSecret));
        assertThrows(MalformedCiphertextException.class,
                () -> DataKeyTicket.open(Arrays.copyOf(ticket, 60), user, session, now, servicePublic, serviceSecret));
    }

    @Test
    void aSealedJobKeyIsNotATicket() {
        // Same sealing, another purpose: the magic keeps one from passing for the other.
        byte[] jobBox = SealedJobKey.seal(SecretBytes.copyOf(dataKey), user, issued.plus(Duration.ofDays(1)), servicePublic);
        assertThrows(AuthenticationFailedException.class, () -> DataKeyTicket.open(jobBox, user, session, issued, servicePublic, serviceSecret));
    }

    private static boolean containsRun(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
