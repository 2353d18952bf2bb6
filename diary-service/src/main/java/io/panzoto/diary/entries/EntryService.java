package io.panzoto.diary.entries;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.ContentHash;
import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.RecordSealer;
import io.panzoto.crypto.index.BlindIndex;
import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.diary.entries.EntryRequests.EntryInput;
import io.panzoto.diary.entries.EntryRequests.EntryPage;
import io.panzoto.diary.entries.EntryRequests.EntryView;
import io.panzoto.diary.entries.EntryRequests.SearchPage;
import io.panzoto.diary.entries.EntryRequests.Verification;
import io.panzoto.diary.entries.EntryRequests.VersionView;
import io.panzoto.diary.events.EntryChanged;
import io.panzoto.diary.input.ClientInput;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.diary.search.Terms;
import io.panzoto.diary.tags.EntryTag;
import io.panzoto.diary.tags.TagService;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The diary's rules, one transaction per command. uce bodies are sealed here under the user's data key
 * (from the request's ticket) with AAD = user, entry, version; e2e bodies are the client's ciphertext,
 * its hash checked. Every change bumps the version, appends a chained {@link EntryEvent} and announces
 * {@code diary.entry-changed}. Another user's entry is not found.
 */
@ApplicationScoped
public class EntryService {
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    static final int EXPORT_PAGE = 100;

    private final DiaryConfig config;
    private final DataKeyTickets tickets;
    private final TagService tags;
    private final Outbox outbox;

    public EntryService(DiaryConfig config, DataKeyTickets tickets, TagService tags, Outbox outbox) {
        this.config = config;
        this.tickets = tickets;
        this.tags = tags;
        this.outbox = outbox;
    }

    /** What a write leaves for after the row is stored: the plaintext for the answer, the hashtags to tag. */
    private record Written(String plaintext, Set<String> hashtags) {
        @Override
        public String toString() {
            return "Written[redacted]";
        }
    }

    /** The version a write replaces, as the client states it: the If-Match header, or the body's field. */
    public record Precondition(Integer ifMatch, Integer bodyVersion) {
    }

    @WithTransaction
    public Uni<EntryView> create(Asker asker, EntryInput input) {
        Entry entry = new Entry();
        entry.id = UUID.randomUUID();
        entry.userId = asker.userId();
        entry.tier = asker.uce() ? "uce" : "e2e";
        entry.version = 1;
        entry.entryDate = input.entryDate() != null ? input.entryDate() : LocalDate.now(ZoneOffset.UTC);
        entry.source = source(input.source());
        entry.createdAt = Instant.now();
        entry.updatedAt = entry.createdAt;
        return withKey(asker, key -> {
            Written written = writeBody(asker, key, entry, input);
            EntryEvent event = event(entry, "created");
            HistoryChain.link(event, null);
            return entry.persist().chain(() -> event.persist()).chain(() -> autoTag(key, entry, written, true))
                    .chain(() -> announce(entry, "created")).chain(() -> view(entry, written.plaintext()));
        });
    }

    /**
     * An e2e user's imported post as a new entry (in the caller's transaction): the body is a libsodium
     * sealed box to their registered X25519 key, which only their client opens; its history and event as
     * any entry's.
     */
    public Uni<UUID> createSealedImport(UUID userId, LocalDate entryDate, String source, byte[] sealedBox) {
        Entry entry = new Entry();
        entry.id = UUID.randomUUID();
        entry.userId = userId;
        entry.tier = "e2e";
        entry.version = 1;
        entry.sealedVersion = 1;
        entry.entryDate = entryDate;
        entry.source = source(source);
        entry.body = sealedBox;
        entry.bodyFormat = Entry.FORMAT_SEALED_BOX;
        entry.contentHash = ContentHash.sha256(sealedBox);
        entry.createdAt = Instant.now();
        entry.updatedAt = entry.createdAt;
        EntryEvent event = event(entry, "created");
        HistoryChain.link(event, null);
        return entry.persist().chain(() -> event.persist()).chain(() -> announce(entry, "created")).replaceWith(entry.id);
    }

    @WithSession
    public Uni<EntryView> get(Asker asker, UUID id) {
        return owned(asker, id).chain(entry -> views(asker, List.of(entry))).map(views -> views.get(0));
    }

    @WithSession
    public Uni<EntryPage> list(Asker asker, EntryFilter filter, String cursor, Integer limit) {
        int size = limit == null ? config.defaultPageSize() : limit;
        if (size < 1 || size > config.maxPageSize()) {
            throw ApiException.badRequest("invalid_limit", "limit must be between 1 and " + config.maxPageSize());
        }
        if (filter.source() != null) {
            source(filter.source());
        }
        Uni<Entry> after = cursor == null || cursor.isBlank() ? Uni.createFrom().nullItem()
                : Entry.ofUser(asker.userId(), parseCursor(cursor)).onItem().ifNull()
                        .failWith(() -> ApiException.badRequest("invalid_cursor", "cursor is not one this list gave"));
        return after.chain(last -> Entry.pageOf(asker.userId(), filter, last, size)).chain(entries -> views(asker, entries)
                .map(views -> new EntryPage(views, entries.size() == size ? entries.get(entries.size() - 1).id.toString() : null)));
    }

    @WithTransaction
    public Uni<EntryView> update(Asker asker, UUID id, EntryInput input, Precondition precondition) {
        return ownedLocked(asker, id).chain(entry -> {
            if (entry.deletedAt != null) {
                throw ApiException.conflict("entry_deleted", "the entry is in the trash; restore it first");
            }
            checkVersion(entry, precondition);
            byte[] priorBody = entry.body;
            byte[] priorNonce = entry.nonce;
            int priorSealedVersion = entry.sealedVersion;
            entry.version++;
            if (input.entryDate() != null) {
                entry.entryDate = input.entryDate();
            }
            if (input.source() != null) {
                entry.source = source(input.source());
            }
            entry.updatedAt = Instant.now();
            return withKey(asker, key -> {
                Written written = writeBody(asker, key, entry, input);
                EntryEvent event = event(entry, "updated");
                event.priorBody = priorBody;
                event.priorNonce = priorNonce;
                event.priorSealedVersion = priorSealedVersion;
                return EntryEvent.headOf(entry.id).invoke(head -> HistoryChain.link(event, head))
                        .chain(() -> event.persist()).chain(() -> autoTag(key, entry, written, false))
                        .chain(() -> announce(entry, "updated")).chain(() -> view(entry, written.plaintext()));
            });
        });
    }

    /** Moves the entry to the trash (kept for the retention period, then purged). */
    @WithTransaction
    public Uni<EntryView> delete(Asker asker, UUID id, Precondition precondition) {
        return change(asker, id, precondition, "deleted", entry -> {
            if (entry.deletedAt != null) {
                throw ApiException.notFound("no such entry");
            }
            entry.deletedAt = Instant.now();
        });
    }

    @WithTransaction
    public Uni<EntryView> restore(Asker asker, UUID id) {
        return change(asker, id, new Precondition(null, null), "restored", entry -> {
            if (entry.deletedAt == null) {
                throw ApiException.conflict("entry_not_deleted", "the entry is not in the trash");
            }
            entry.deletedAt = null;
        });
    }

    @WithSession
    public Uni<List<EntryView>> trash(Asker asker) {
        return Entry.trashOf(asker.userId()).chain(entries -> TagService.tagsOf(entries.stream().map(entry -> entry.id).toList())
                .map(links -> entries.stream().map(entry -> EntryView.of(entry, null, tagIds(links, entry.id))).toList()));
    }

    @WithSession
    public Uni<List<VersionView>> versions(Asker asker, UUID id) {
        return ownedAny(asker, id).chain(entry -> EntryEvent.historyOf(entry.id))
                .map(events -> events.stream().map(VersionView::of).toList());
    }

    /** The entry as it read at a version: the body then in force, opened like the current one. */
    @WithSession
    public Uni<EntryView> atVersion(Asker asker, UUID id, int version) {
        return ownedAny(asker, id).chain(entry -> EntryEvent.historyOf(entry.id).map(events -> {
            if (version < 1 || version > entry.version) {
                throw ApiException.notFound("no such version");
            }
            // The body of a version is the one the next update replaced, or the current body if none did.
            for (EntryEvent event : events) {
                if (event.version > version && "updated".equals(event.change)) {
                    Entry then = snapshot(entry, version, event.priorBody, event.priorNonce, event.priorSealedVersion);
                    return EntryView.of(then, readBody(asker, entry, event.priorBody, event.priorSealedVersion), null);
                }
            }
            Entry then = snapshot(entry, version, entry.body, entry.nonce, entry.sealedVersion);
            return EntryView.of(then, readBody(asker, entry, entry.body, entry.sealedVersion), null);
        }));
    }

    @WithSession
    public Uni<Verification> verify(Asker asker, UUID id) {
        return ownedAny(asker, id).chain(entry -> EntryEvent.historyOf(entry.id).map(events -> {
            Integer broken = HistoryChain.firstBrokenVersion(entry.id, events, entry).orElse(null);
            return new Verification(broken == null, events.size(), broken);
        }));
    }

    /**
     * What a search asks: uce {@code words}, or e2e {@code clientTokens}; every one of them
     * ({@code all}) or any.
     */
    public record Query(String words, List<String> clientTokens, boolean all) {
        @Override
        public String toString() {
            return "Query[redacted]";
        }
    }

    /**
     * The asker's live entries matching the query: uce words are analysed and blind-indexed under the
     * user's key, so no term is stored or sent anywhere in clear; e2e clients send their own tokens.
     * Ranked by how many of the query's tokens an entry holds, then newest entry date first;
     * {@code offset} pages.
     */
    @WithSession
    public Uni<SearchPage> search(Asker asker, Query query, EntryFilter filter, Integer offset, Integer limit) {
        int size = limit == null ? config.defaultPageSize() : limit;
        int from = offset == null ? 0 : offset;
        if (size < 1 || size > config.maxPageSize() || from < 0 || from > 10_000) {
            throw ApiException.badRequest("invalid_page", "limit is 1 to " + config.maxPageSize() + ", offset 0 to 10000");
        }
        if (filter.source() != null) {
            source(filter.source());
        }
        Set<String> terms;
        if (asker.uce()) {
            terms = query.words() == null ? Set.of() : Terms.of(query.words());
            if (terms.isEmpty() || query.clientTokens() != null && !query.clientTokens().isEmpty()) {
                throw ApiException.badRequest("empty_query", "q must hold at least one word that is not a stop word");
            }
        } else {
            if (query.words() != null || query.clientTokens() == null || query.clientTokens().isEmpty()) {
                throw ApiException.badRequest("empty_query", "an e2e search sends its own blind tokens (tokens), never words");
            }
            terms = null;
        }
        // uce: the key is opened once, to hash the query and to open the page's bodies.
        return withKey(asker, key -> {
            List<String> tokens;
            if (key != null) {
                try (BlindIndex index = BlindIndex.of(key, "terms")) {
                    tokens = terms.stream().map(index::token).toList();
                }
            } else {
                tokens = List.of(clientTokens(query.clientTokens()));
            }
            return Entry.search(asker.userId(), tokens, query.all(), filter, from, size)
                    .chain(hits -> Entry.ofUserWithIds(asker.userId(), hits.stream().map(Entry.Hit::id).toList()).chain(found -> {
                        Map<UUID, Entry> byId = new HashMap<>();
                        found.forEach(entry -> byId.put(entry.id, entry));
                        // In the ranking's order; one deleted between the two reads is left out.
                        List<Entry.Hit> present = hits.stream().filter(hit -> byId.containsKey(hit.id())).toList();
                        return views(key, present.stream().map(hit -> byId.get(hit.id())).toList()).map(views -> {
                            List<EntryView> ranked = new ArrayList<>();
                            for (int i = 0; i < views.size(); i++) {
                                ranked.add(views.get(i).withMatchedTerms(present.get(i).matched()));
                            }
                            return new SearchPage(ranked, hits.size() == size ? from + size : null);
                        });
                    }));
        });
    }

    /**
     * Every entry of the asker, live and trashed, as a stream (a page of 100 read at a time): uce opened
     * with the ticket, e2e as stored. A user can always leave with their data.
     */
    public Multi<EntryView> export(Asker asker) {
        if (asker.uce()) {
            // Refused before the stream starts, while a 401 can still be answered.
            tickets.open(asker).close();
        }
        AtomicReference<UUID> after = new AtomicReference<>();
        return Multi.createBy().repeating()
                .uni(() -> Panache.withSession(() -> Entry.exportPage(asker.userId(), after.get(), EXPORT_PAGE)
                        .chain(entries -> views(asker, entries).invoke(() -> {
                            if (!entries.isEmpty()) {
                                after.set(entries.get(entries.size() - 1).id);
                            }
                        }))))
                .whilst(page -> page.size() == EXPORT_PAGE)
                .onItem().disjoint();
    }

    /** Puts one of the asker's tags on one of their entries (again is no error). */
    @WithTransaction
    public Uni<Void> attach(Asker asker, UUID entryId, UUID tagId) {
        return ownedAny(asker, entryId).chain(() -> TagService.owned(asker, tagId))
                .chain(tag -> EntryTag.link(entryId, tagId).chain(existing -> existing != null ? Uni.createFrom().voidItem()
                        : EntryTag.of(entryId, tagId).persist().replaceWithVoid()));
    }

    @WithTransaction
    public Uni<Void> detach(Asker asker, UUID entryId, UUID tagId) {
        return ownedAny(asker, entryId).chain(() -> EntryTag.detach(entryId, tagId)).invoke(count -> {
            if (count == 0) {
                throw ApiException.notFound("the entry has no such tag");
            }
        }).replaceWithVoid();
    }

    /** Deletes the entries whose time in the trash is over; answers how many went. */
    @WithTransaction
    public Uni<Long> purgeExpiredTrash() {
        return Entry.purgeDeletedBefore(Instant.now().minus(config.trashRetention()));
    }

    private Uni<EntryView> change(Asker asker, UUID id, Precondition precondition, String change, Consumer<Entry> apply) {
        return ownedLocked(asker, id).chain(entry -> {
            apply.accept(entry);
            checkVersion(entry, precondition);
            entry.version++;
            entry.updatedAt = Instant.now();
            EntryEvent event = event(entry, change);
            return EntryEvent.headOf(entry.id).invoke(head -> HistoryChain.link(event, head))
                    .chain(() -> event.persist()).chain(() -> announce(entry, change)).chain(() -> view(entry, null));
        });
    }

    private static void checkVersion(Entry entry, Precondition precondition) {
        if (precondition.ifMatch() != null && precondition.ifMatch() != entry.version) {
            throw new ApiException(412, "version_mismatch", "the entry is at version " + entry.version + ", not " + precondition.ifMatch());
        }
        if (precondition.bodyVersion() != null && precondition.bodyVersion() != entry.version) {
            throw ApiException.conflict("version_conflict", "the entry is at version " + entry.version + ", not " + precondition.bodyVersion());
        }
    }

    /**
     * Seals or checks the body of the input into the entry, with its search tokens (uce: its terms
     * blind-indexed under the user's key; e2e: the client's tokens).
     */
    private Written writeBody(Asker asker, SecretBytes key, Entry entry, EntryInput input) {
        entry.sealedVersion = entry.version;
        if (asker.uce()) {
            if (input.content() == null || input.ciphertext() != null) {
                throw ApiException.badRequest("missing_fields", "a uce entry is written as content");
            }
            byte[] plaintext = input.content().getBytes(StandardCharsets.UTF_8);
            requireSize(plaintext.length);
            if (input.searchTokens() != null) {
                throw ApiException.badRequest("invalid_search_tokens", "a uce entry's search tokens are made by the service");
            }
            try (BlindIndex index = BlindIndex.of(key, "terms")) {
                entry.body = RecordSealer.seal(key, entry.userId.toString(), entry.id.toString(), entry.version, plaintext);
                entry.searchTokens = Terms.of(input.content()).stream().map(index::token).distinct().toArray(String[]::new);
            }
            entry.nonce = null;
            entry.contentHash = ContentHash.sha256(entry.body);
            return new Written(input.content(), Terms.hashtags(input.content()));
        }
        if (input.ciphertext() == null || input.nonce() == null || input.contentHash() == null || input.content() != null) {
            throw ApiException.badRequest("missing_fields", "an e2e entry is written as ciphertext, nonce and content_hash");
        }
        byte[] ciphertext = ClientInput.base64(input.ciphertext(), "ciphertext");
        requireSize(ciphertext.length);
        byte[] nonce = ClientInput.base64(input.nonce(), "nonce");
        if (nonce.length < 12 || nonce.length > 24) {
            throw ApiException.badRequest("invalid_nonce", "nonce must be 12 to 24 bytes");
        }
        byte[] hash = ContentHash.sha256(ciphertext);
        if (!Bytes.hex(hash).equalsIgnoreCase(input.contentHash().trim())) {
            throw ApiException.badRequest("content_hash_mismatch", "content_hash is not the SHA-256 of the ciphertext");
        }
        entry.body = ciphertext;
        entry.bodyFormat = Entry.FORMAT_CLIENT;
        entry.nonce = nonce;
        entry.contentHash = hash;
        if (input.searchTokens() != null) {
            // Not read otherwise: the array is a lazy attribute, kept as it is when a write sends none.
            entry.searchTokens = clientTokens(input.searchTokens());
        }
        return new Written(null, Set.of());
    }

    /** An e2e client's own blind tokens, checked. */
    private static String[] clientTokens(List<String> tokens) {
        if (tokens.size() > Terms.MAX_TERMS || tokens.stream().anyMatch(token -> !ClientInput.isToken(token))) {
            throw ApiException.badRequest("invalid_search_tokens",
                    "search_tokens are at most " + Terms.MAX_TERMS + " strings of [A-Za-z0-9_-], 1 to 64 long");
        }
        return tokens.stream().distinct().toArray(String[]::new);
    }

    /** A uce entry's auto tags (its hashtags, its source); {@code created}: it has no tags yet. */
    private Uni<Void> autoTag(SecretBytes key, Entry entry, Written written, boolean created) {
        return key == null ? Uni.createFrom().voidItem() : tags.autoTag(key, entry.userId, entry.id, written.hashtags(), entry.source, created);
    }

    /**
     * Runs the work with the asker's data key (uce: opened from the ticket; e2e: null) and closes the
     * key when the work ends, however it ends.
     */
    private <T> Uni<T> withKey(Asker asker, Function<SecretBytes, Uni<T>> work) {
        SecretBytes key = asker.uce() ? tickets.open(asker) : null;
        Uni<T> result;
        try {
            result = work.apply(key);
        } catch (RuntimeException e) {
            close(key);
            throw e;
        }
        return result.eventually(() -> close(key));
    }

    private static void close(SecretBytes key) {
        if (key != null) {
            key.close();
        }
    }

    /** One entry as its owner reads it, with its tags; the plaintext is the one just written, if any. */
    private static Uni<EntryView> view(Entry entry, String plaintext) {
        return TagService.tagsOf(List.of(entry.id)).map(links -> EntryView.of(entry, plaintext, tagIds(links, entry.id)));
    }

    /** Entries as their owner reads them: with their tags, uce bodies opened with the ticket. */
    private Uni<List<EntryView>> views(Asker asker, List<Entry> entries) {
        boolean sealed = entries.stream().anyMatch(entry -> "uce".equals(entry.tier));
        // One ticket opening for the whole page.
        SecretBytes key = sealed ? tickets.open(asker) : null;
        return views(key, entries).eventually(() -> close(key));
    }

    /** The same with the data key in hand (null when no entry is uce); the caller closes it. */
    private static Uni<List<EntryView>> views(SecretBytes key, List<Entry> entries) {
        return TagService.tagsOf(entries.stream().map(entry -> entry.id).toList()).map(links -> {
            List<EntryView> views = new ArrayList<>();
            for (Entry entry : entries) {
                String plaintext = "uce".equals(entry.tier) ? open(key, entry, entry.body, entry.sealedVersion) : null;
                views.add(EntryView.of(entry, plaintext, tagIds(links, entry.id)));
            }
            return views;
        });
    }

    private static List<String> tagIds(List<EntryTag> links, UUID entryId) {
        return links.stream().filter(link -> link.entryId.equals(entryId)).map(link -> link.tagId.toString()).sorted().toList();
    }

    /** The plaintext of a uce body (the ticket opens the key); null for e2e, whose client decrypts. */
    private String readBody(Asker asker, Entry entry, byte[] body, int sealedVersion) {
        if (!"uce".equals(entry.tier)) {
            return null;
        }
        try (SecretBytes key = tickets.open(asker)) {
            return open(key, entry, body, sealedVersion);
        }
    }

    private static String open(SecretBytes key, Entry entry, byte[] body, int sealedVersion) {
        if (key == null) {
            // Only a uce asker's request opens a key; a sealed entry reached otherwise is not theirs to read.
            throw ApiException.unauthorized("data_key_ticket_required", "a uce entry opens only with the data-key ticket");
        }
        try {
            return new String(RecordSealer.open(key, entry.userId.toString(), entry.id.toString(), sealedVersion, body),
                    StandardCharsets.UTF_8);
        } catch (CryptoException e) {
            // The data key opened but not this body: it was altered, cut, or sealed under another key.
            throw ApiException.conflict("entry_unreadable", "the entry does not open under this account's data key");
        }
    }

    private void requireSize(int bytes) {
        if (bytes == 0) {
            throw ApiException.badRequest("empty_entry", "an entry has content");
        }
        if (bytes > config.maxEntryBytes()) {
            throw new ApiException(413, "entry_too_large", "an entry is at most " + config.maxEntryBytes() + " bytes");
        }
    }

    private static Entry snapshot(Entry entry, int version, byte[] body, byte[] nonce, Integer sealedVersion) {
        Entry then = new Entry();
        then.id = entry.id;
        then.userId = entry.userId;
        then.tier = entry.tier;
        then.version = version;
        then.entryDate = entry.entryDate;
        then.source = entry.source;
        then.body = body;
        then.nonce = nonce;
        // An e2e body without a nonce is an import's sealed box (a client's write always has one).
        then.bodyFormat = "e2e".equals(entry.tier) && nonce == null ? Entry.FORMAT_SEALED_BOX : Entry.FORMAT_CLIENT;
        then.sealedVersion = sealedVersion == null ? version : sealedVersion;
        then.contentHash = ContentHash.sha256(body);
        then.createdAt = entry.createdAt;
        then.updatedAt = entry.updatedAt;
        return then;
    }

    private static EntryEvent event(Entry entry, String change) {
        EntryEvent event = new EntryEvent();
        event.entryId = entry.id;
        event.version = entry.version;
        event.change = change;
        event.contentHash = entry.contentHash;
        event.occurredAt = Instant.now();
        return event;
    }

    private Uni<Void> announce(Entry entry, String kind) {
        return outbox.append(EntryChanged.TOPIC, EntryChanged.TYPE, EntryChanged.SCHEMA_VERSION, entry.id.toString(),
                new EntryChanged(entry.id.toString(), entry.userId.toString(), entry.version, kind)).replaceWithVoid();
    }

    /** A live (not deleted) entry of the asker's. */
    private static Uni<Entry> owned(Asker asker, UUID id) {
        return ownedAny(asker, id).invoke(entry -> {
            if (entry.deletedAt != null) {
                throw ApiException.notFound("no such entry");
            }
        });
    }

    private static Uni<Entry> ownedAny(Asker asker, UUID id) {
        return Entry.ofUser(asker.userId(), id).onItem().ifNull().failWith(() -> ApiException.notFound("no such entry"));
    }

    private static Uni<Entry> ownedLocked(Asker asker, UUID id) {
        return Entry.ofUserLocked(asker.userId(), id).onItem().ifNull().failWith(() -> ApiException.notFound("no such entry"));
    }

    private static String source(String source) {
        String value = source == null ? "app" : source.trim();
        if (!SOURCE.matcher(value).matches()) {
            throw ApiException.badRequest("invalid_source", "source is 1 to 32 of a-z, 0-9, - and _");
        }
        return value;
    }

    private static UUID parseCursor(String cursor) {
        try {
            return UUID.fromString(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_cursor", "cursor is not one this list gave");
        }
    }

}
