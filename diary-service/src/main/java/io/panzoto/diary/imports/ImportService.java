package io.panzoto.diary.imports;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.diary.integrations.IntegrationAccount;
import io.panzoto.diary.keys.Asker;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The user's side of imports: asking for one, following it, and taking in what waits for them. */
@ApplicationScoped
public class ImportService {
    static final String FACEBOOK = "facebook";

    private final InboxKeys inboxKeys;
    private final ImportJobs jobs;
    private final InboxDelivery delivery;

    public ImportService(InboxKeys inboxKeys, ImportJobs jobs, InboxDelivery delivery) {
        this.inboxKeys = inboxKeys;
        this.jobs = jobs;
        this.delivery = delivery;
    }

    /** The user's imports, newest first, and how many imported posts wait for their next unlock (uce). */
    public record Imports(@JsonProperty("imports") List<ImportJob.View> imports, @JsonProperty("waiting") long waiting) {
    }

    /** What a delivery did. */
    public record Delivered(@JsonProperty("delivered") int delivered, @JsonProperty("waiting") long waiting) {
    }

    /**
     * Queues a Graph import of the connected account (409 {@code facebook_not_connected}); the inbox key is
     * made ready first (uce: the ticket the first time; e2e: a registered X25519 key). Asking while one is
     * under way answers that one.
     */
    public Uni<ImportJob.View> request(Asker asker, String bearer, String provider) {
        if (provider != null && !FACEBOOK.equals(provider)) {
            throw ApiException.badRequest("invalid_provider", "provider is facebook");
        }
        return Panache.withSession(() -> IntegrationAccount.of(asker.userId(), FACEBOOK))
                .onItem().ifNull().failWith(() -> ApiException.conflict("facebook_not_connected", "connect a Facebook account first"))
                .chain(() -> inboxKeys.ensure(asker, bearer))
                .chain(() -> jobs.queue(asker.userId(), FACEBOOK, "user"))
                .map(ImportJob.View::of);
    }

    public Uni<Imports> list(Asker asker) {
        return Panache.withSession(() -> ImportJob.newestOf(asker.userId(), 20).chain(found -> waiting(asker.userId())
                .map(waiting -> new Imports(found.stream().map(ImportJob.View::of).toList(), waiting))));
    }

    public Uni<ImportJob.View> get(Asker asker, UUID id) {
        return Panache.withSession(() -> ImportJob.ofUser(asker.userId(), id))
                .onItem().ifNull().failWith(() -> ApiException.notFound("no such import"))
                .map(ImportJob.View::of);
    }

    /** Turns what waits into entries (uce, with the ticket): 401 without one. */
    public Uni<Delivered> deliver(Asker asker) {
        if (!asker.uce()) {
            return Uni.createFrom().item(new Delivered(0, 0));
        }
        if (asker.ticket() == null || asker.ticket().isBlank()) {
            throw ApiException.unauthorized("data_key_ticket_required", "imports are delivered into a uce diary with the data-key ticket");
        }
        return delivery.deliverAll(asker).chain(count -> Panache.withSession(() -> waiting(asker.userId())).map(waiting -> new Delivered(count, waiting)));
    }

    /** A deleted user's imports, their record of posts and their inbox key go (in the caller's transaction). */
    public static Uni<Void> deleteAllOf(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("DELETE FROM external_posts WHERE user_id = ?1")
                        .setParameter(1, userId).executeUpdate()
                        .chain(() -> session.createNativeQuery("DELETE FROM published_entries WHERE user_id = ?1").setParameter(1, userId).executeUpdate())
                        .chain(() -> ImportJob.delete("userId", userId))
                        .chain(() -> InboxKey.delete("userId", userId)))
                .replaceWithVoid();
    }

    private static Uni<Long> waiting(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*) FROM external_posts WHERE user_id = ?1 AND sealed IS NOT NULL", Long.class).setParameter(1, userId).getSingleResult());
    }
}
