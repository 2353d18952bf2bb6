package io.panzoto.diary.entries;

import io.panzoto.crypto.ContentHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The entry's history as a hash chain: each event's hash is SHA-256 of
 * {@code "panzoto-diary-event-v1" || entry id (16) || version (4) || len(change) (4) || change ||
 * content hash (32) || SHA-256(prior body, or nothing) (32) || occurred at, epoch ms (8) || previous hash (32)},
 * the first event's previous hash being 32 zero bytes. Changing, removing or reordering any stored row
 * (an event, or the entry whose content hash must match the head) breaks a link that
 * {@link #firstBrokenVersion} finds.
 */
public final class HistoryChain {
    static final byte[] GENESIS = new byte[32];
    private static final byte[] DOMAIN = "panzoto-diary-event-v1".getBytes(StandardCharsets.US_ASCII);

    private HistoryChain() {
    }

    /** Fills in the event's previous hash and its own, after the given head (null for the first). */
    static void link(EntryEvent event, EntryEvent head) {
        event.previousHash = head == null ? GENESIS : head.hash;
        event.hash = hash(event);
    }

    static byte[] hash(EntryEvent event) {
        byte[] change = event.change.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer fields = ByteBuffer.allocate(16 + 4 + 4 + change.length + 8)
                .putLong(event.entryId.getMostSignificantBits()).putLong(event.entryId.getLeastSignificantBits())
                .putInt(event.version).putInt(change.length).put(change).putLong(event.occurredAt.toEpochMilli());
        byte[] prior = ContentHash.sha256(event.priorBody == null ? new byte[0] : event.priorBody);
        return ContentHash.sha256(DOMAIN, fields.array(), event.contentHash, prior, event.previousHash);
    }

    /**
     * The version of the first event that does not hold (its hash, its link to the one before, a gap in
     * the versions), or of the entry itself when its body or content hash differs from the head's: empty
     * when the whole history verifies.
     */
    static Optional<Integer> firstBrokenVersion(UUID entryId, List<EntryEvent> events, Entry entry) {
        byte[] previous = GENESIS;
        int expectedVersion = 1;
        for (EntryEvent event : events) {
            if (!event.entryId.equals(entryId) || event.version != expectedVersion
                    || !Arrays.equals(event.previousHash, previous) || !Arrays.equals(event.hash, hash(event))) {
                return Optional.of(event.version);
            }
            previous = event.hash;
            expectedVersion++;
        }
        EntryEvent head = events.isEmpty() ? null : events.get(events.size() - 1);
        if (head == null || head.version != entry.version || !Arrays.equals(head.contentHash, entry.contentHash)
                || !Arrays.equals(entry.contentHash, ContentHash.sha256(entry.body))) {
            return Optional.of(entry.version);
        }
        return Optional.empty();
    }
}
