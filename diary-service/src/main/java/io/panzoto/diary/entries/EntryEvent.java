package io.panzoto.diary.entries;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One change of an entry, chained by hash to the one before it ({@link HistoryChain}). */
@Entity
@Table(name = "entry_events")
@IdClass(EntryEvent.Key.class)
public class EntryEvent extends PanacheEntityBase {
    @Id
    @Column(name = "entry_id")
    public UUID entryId;

    @Id
    @Column(name = "version")
    public int version;

    @Column(name = "change", nullable = false)
    public String change;

    @Column(name = "content_hash", nullable = false)
    public byte[] contentHash;

    /** The body an update replaced, as it was stored; null for the other changes. */
    @Column(name = "prior_body")
    public byte[] priorBody;

    @Column(name = "prior_nonce")
    public byte[] priorNonce;

    @Column(name = "prior_sealed_version")
    public Integer priorSealedVersion;

    @Column(name = "previous_hash", nullable = false)
    public byte[] previousHash;

    @Column(name = "hash", nullable = false)
    public byte[] hash;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The composite key: an entry and one of its versions. */
    public static class Key implements Serializable {
        public UUID entryId;
        public int version;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.entryId.equals(entryId) && key.version == version;
        }

        @Override
        public int hashCode() {
            return entryId.hashCode() * 31 + version;
        }
    }

    /** The entry's history, oldest first. */
    public static Uni<List<EntryEvent>> historyOf(UUID entryId) {
        return list("entryId = ?1 order by version", entryId);
    }

    /** The newest change of the entry (the chain's head), or null. */
    public static Uni<EntryEvent> headOf(UUID entryId) {
        return find("entryId = ?1 order by version desc", entryId).firstResult();
    }
}
