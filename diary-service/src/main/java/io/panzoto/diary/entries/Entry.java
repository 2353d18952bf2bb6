package io.panzoto.diary.entries;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One journal entry; its body sealed (uce) or the client's ciphertext (e2e), never plaintext. */
@Entity
@Table(name = "entries")
public class Entry extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "tier", nullable = false)
    public String tier;

    @Column(name = "version", nullable = false)
    public int version;

    @Column(name = "entry_date", nullable = false)
    public LocalDate entryDate;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "body", nullable = false)
    public byte[] body;

    @Column(name = "nonce")
    public byte[] nonce;

    /** The version whose AAD sealed the body (uce); a delete or restore changes the version, not the body. */
    @Column(name = "sealed_version", nullable = false)
    public int sealedVersion;

    /** {@code client}: an e2e client's ciphertext or a uce seal; {@code sealed_box}: an import sealed to the e2e user's X25519 key. */
    @Column(name = "body_format", nullable = false)
    public String bodyFormat = FORMAT_CLIENT;

    public static final String FORMAT_CLIENT = "client";
    public static final String FORMAT_SEALED_BOX = "sealed_box";

    @Column(name = "content_hash", nullable = false)
    public byte[] contentHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /**
     * Blind-index tokens of the entry's terms (uce: the service's; e2e: the client's), never the terms.
     * Lazy: only written and searched in SQL, so reads do not decode some 600 strings a row.
     */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "search_tokens", nullable = false)
    public String[] searchTokens = new String[0];

    /** The user's entry with this id, its row locked for a change, or null: another user's is not found either. */
    public static Uni<Entry> ofUserLocked(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public static Uni<Entry> ofUser(UUID userId, UUID id) {
        return find("id = ?1 and userId = ?2", id, userId).firstResult();
    }

    /**
     * A page of the user's live entries, newest entry date first, after the given one (none: from the
     * newest), within the dates and source when given.
     */
    public static Uni<List<Entry>> pageOf(UUID userId, EntryFilter filter, Entry after, int size) {
        StringBuilder query = new StringBuilder("userId = :user and deletedAt is null");
        Parameters parameters = Parameters.with("user", userId);
        if (filter.from() != null) {
            query.append(" and entryDate >= :from");
            parameters.and("from", filter.from());
        }
        if (filter.to() != null) {
            query.append(" and entryDate <= :to");
            parameters.and("to", filter.to());
        }
        if (filter.source() != null) {
            query.append(" and source = :source");
            parameters.and("source", filter.source());
        }
        for (int i = 0; i < filter.tagIds().size(); i++) {
            query.append(" and id in (select link.entryId from EntryTag link where link.tagId = :tag").append(i).append(')');
            parameters.and("tag" + i, filter.tagIds().get(i));
        }
        if (filter.hasMedia() != null) {
            query.append(filter.hasMedia() ? " and id in" : " and id not in")
                    .append(" (select m.entryId from Media m where m.status = 'stored' and m.entryId is not null)");
        }
        if (after != null) {
            query.append(" and (entryDate < :afterDate or (entryDate = :afterDate and id < :afterId))");
            parameters.and("afterDate", after.entryDate).and("afterId", after.id);
        }
        query.append(" order by entryDate desc, id desc");
        return find(query.toString(), parameters).page(0, size).list();
    }

    /** One search result: the entry's id and how many of the query's tokens it holds. */
    public record Hit(UUID id, int matched) {
    }

    /**
     * The user's live entries holding every one of the tokens ({@code all}) or at least one
     * ({@code any}), within the filter, ranked by how many tokens they hold, then newest entry date
     * first. Ids only: the GIN index on search_tokens finds them, and no row's token array or body is
     * read or sent for the ranking (a full row is some 18 KiB of TOAST).
     */
    public static Uni<List<Hit>> search(UUID userId, List<String> tokens, boolean all, EntryFilter filter, int offset, int size) {
        // With every token required, each hit holds them all: no row's array is read to count them.
        String matched = all ? "cardinality(CAST(:tokens AS text[]))"
                : "(SELECT count(*) FROM unnest(CAST(:tokens AS text[])) AS t WHERE t = ANY(search_tokens))";
        StringBuilder sql = new StringBuilder("SELECT id, " + matched + " AS matched FROM entries"
                + " WHERE user_id = :user AND deleted_at IS NULL AND search_tokens " + (all ? "@>" : "&&") + " CAST(:tokens AS text[])");
        Map<String, Object> parameters = new HashMap<>(Map.of("user", userId, "tokens", tokens.toArray(String[]::new)));
        if (filter.from() != null) {
            sql.append(" AND entry_date >= :from");
            parameters.put("from", filter.from());
        }
        if (filter.to() != null) {
            sql.append(" AND entry_date <= :to");
            parameters.put("to", filter.to());
        }
        if (filter.source() != null) {
            sql.append(" AND source = :source");
            parameters.put("source", filter.source());
        }
        for (int i = 0; i < filter.tagIds().size(); i++) {
            sql.append(" AND id IN (SELECT entry_id FROM entry_tags WHERE tag_id = :tag").append(i).append(')');
            parameters.put("tag" + i, filter.tagIds().get(i));
        }
        if (filter.hasMedia() != null) {
            sql.append(filter.hasMedia() ? " AND" : " AND NOT")
                    .append(" EXISTS (SELECT 1 FROM media m WHERE m.entry_id = entries.id AND m.status = 'stored')");
        }
        sql.append(all ? " ORDER BY" : " ORDER BY matched DESC,").append(" entry_date DESC, id DESC LIMIT :limit OFFSET :offset");
        parameters.put("limit", size);
        parameters.put("offset", offset);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), Object[].class);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        }).map(rows -> rows.stream().map(row -> new Hit((UUID) row[0], ((Number) row[1]).intValue())).toList());
    }

    /** The user's entries with these ids, in no particular order. */
    public static Uni<List<Entry>> ofUserWithIds(UUID userId, List<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("userId = ?1 and id in ?2", userId, ids);
    }

    /** A page of all the user's entries, live and trashed, in id order after the given id: for the export. */
    public static Uni<List<Entry>> exportPage(UUID userId, UUID after, int size) {
        return (after == null ? find("userId = ?1 order by id", userId) : find("userId = ?1 and id > ?2 order by id", userId, after))
                .page(0, size).list();
    }

    /** The user's deleted entries (the trash), most recently deleted first. */
    public static Uni<List<Entry>> trashOf(UUID userId) {
        return list("userId = ?1 and deletedAt is not null order by deletedAt desc", userId);
    }

    /** Deleted entries whose retention has passed, for the purge. */
    public static Uni<Long> purgeDeletedBefore(Instant cutoff) {
        return delete("deletedAt is not null and deletedAt < ?1", cutoff);
    }

    public static Uni<Long> deleteAllOf(UUID userId) {
        return delete("userId", userId);
    }
}
