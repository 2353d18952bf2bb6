package io.panzoto.diary.imports;

import io.panzoto.crypto.CryptoException;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.sodium.SealedBox;
import io.panzoto.diary.entries.EntryRequests.EntryInput;
import io.panzoto.diary.entries.EntryService;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * uce imports made while the user was away wait sealed to their inbox key; the user's next request with
 * a ticket (the entries list, a search, the export, or {@code POST /api/v1/diary/imports/deliver}) opens the inbox's
 * private half with the data key and turns each waiting post into an ordinary entry, sealed under the
 * data key, searchable and tagged like one written in the app. A batch at a time, newest first (the list
 * the user is looking at is right at its top), its rows locked, so two requests cannot deliver a post twice.
 */
@ApplicationScoped
public class InboxDelivery {
    static final int BATCH = 200;
    static final int MAX_DELIVERED = 5_000;
    private static final String ANY_WAITING = "SELECT EXISTS (SELECT 1 FROM external_posts WHERE user_id = ?1 AND sealed IS NOT NULL)";
    private static final String WAITING = "SELECT provider, external_id, sealed FROM external_posts WHERE user_id = ?1 AND sealed IS NOT NULL"
            + " ORDER BY posted_at DESC LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED";

    private final DataKeyTickets tickets;
    private final EntryService entries;
    private final ImportedPosts posts;

    public InboxDelivery(DataKeyTickets tickets, EntryService entries, ImportedPosts posts) {
        this.tickets = tickets;
        this.entries = entries;
        this.posts = posts;
    }

    /** Delivers what waits (up to a batch); answers how many posts became entries. Nothing for e2e or without a ticket. */
    public Uni<Integer> deliver(Asker asker) {
        if (!asker.uce() || asker.ticket() == null || asker.ticket().isBlank()) {
            return Uni.createFrom().item(0);
        }
        UUID userId = asker.userId();
        // Every first page of a uce list asks: one indexed read when nothing waits, a locking transaction only when something does.
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(ANY_WAITING, Boolean.class)
                        .setParameter(1, userId).getSingleResult()))
                .chain(any -> !any ? Uni.createFrom().item(0) : Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(WAITING, Object[].class).setParameter(1, userId).getResultList())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : InboxKeys.of(userId).chain(key -> open(asker, key, rows)))));
    }

    private static ApiException unreadable() {
        // Only an altered row or key does this: nothing is delivered, and the user is told rather than given a 500.
        return ApiException.conflict("imports_unreadable", "imported posts waiting for this diary do not open under its key");
    }

    /** Batch after batch, up to {@link #MAX_DELIVERED} a request (a large export is taken in over a few). */
    public Uni<Integer> deliverAll(Asker asker) {
        return deliverFrom(asker, 0);
    }

    private Uni<Integer> deliverFrom(Asker asker, int sofar) {
        return deliver(asker).chain(count -> count < BATCH || sofar + count >= MAX_DELIVERED
                ? Uni.createFrom().item(sofar + count) : deliverFrom(asker, sofar + count));
    }

    private Uni<Integer> open(Asker asker, InboxKey key, List<Object[]> rows) {
        SecretBytes secret;
        try (SecretBytes dataKey = tickets.open(asker)) {
            secret = InboxKeys.privateKey(key, dataKey);
        } catch (CryptoException e) {
            throw unreadable();
        }
        return Multi.createFrom().iterable(rows).onItem().transformToUniAndConcatenate(row -> {
                    ImportedPosts.Document post;
                    try {
                        post = posts.read(SealedBox.open((byte[]) row[2], key.publicKey, secret));
                    } catch (CryptoException | IllegalStateException e) {
                        throw unreadable();
                    }
                    EntryInput input = new EntryInput(post.content(), null, null, null, LocalDate.ofInstant(post.postedAt(), ZoneOffset.UTC),
                            ImportedPosts.SOURCE, null, null);
                    return entries.create(asker, input).chain(entry -> Panache.getSession().chain(session -> session.createNativeQuery(
                                    "UPDATE external_posts SET sealed = NULL, entry_id = ?1 WHERE user_id = ?2 AND provider = ?3 AND external_id = ?4")
                            .setParameter(1, UUID.fromString(entry.id())).setParameter(2, asker.userId()).setParameter(3, row[0])
                            .setParameter(4, row[1]).executeUpdate()));
                })
                .collect().asList().map(List::size)
                .eventually(secret::close);
    }
}
