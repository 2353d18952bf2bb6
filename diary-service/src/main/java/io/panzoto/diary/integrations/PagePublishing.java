package io.panzoto.diary.integrations;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.diary.entries.EntryService;
import io.panzoto.diary.keys.Asker;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Publishing an entry to a Facebook Page the user manages ({@code POST /{page-id}/feed} with the Page's
 * token from {@code /me/accounts}; Graph no longer lets apps post to a personal timeline). Once per
 * (entry, Page): the publication is claimed in the database before Graph is asked, so a repeated or
 * concurrent request answers the post already made instead of posting twice. uce: the entry's text,
 * opened with the ticket (or the {@code message} sent); e2e: the client sends the {@code message} it
 * decrypted — it is about to become public.
 */
@ApplicationScoped
public class PagePublishing {
    private static final Logger LOG = Logger.getLogger(PagePublishing.class);
    private static final int MAX_MESSAGE_CHARS = 63_206; // Facebook's limit for a post

    private final EntryService entries;
    private final GraphCalls graph;
    private final IntegrationSecrets secrets;
    private final DiaryConfig.Facebook config;

    public PagePublishing(EntryService entries, GraphCalls graph, IntegrationSecrets secrets, DiaryConfig config) {
        this.entries = entries;
        this.graph = graph;
        this.secrets = secrets;
        this.config = config.facebook();
    }

    /** A Page the user manages (never its token). */
    public record PageView(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    }

    public record Published(@JsonProperty("entry_id") String entryId, @JsonProperty("page_id") String pageId,
                            @JsonProperty("post_id") String postId, @JsonProperty("published_at") Instant publishedAt,
                            @JsonProperty("already_published") boolean alreadyPublished) {
    }

    Uni<List<PageView>> pages(UUID userId) {
        return account(userId).chain(account -> graph.pages(secrets.token(account)))
                .onFailure(e -> !(e instanceof ApiException)).transform(PagePublishing::graphFailure)
                .map(pages -> pages.data() == null ? List.<PageView>of() : pages.data().stream().map(page -> new PageView(page.id(), page.name())).toList());
    }

    Uni<Published> publish(Asker asker, UUID entryId, String pageId, String message) {
        if (pageId == null || !pageId.matches("[0-9]{1,32}")) {
            throw ApiException.badRequest("invalid_page_id", "page_id is the numeric id of one of your Pages");
        }
        if (message != null && (message.isBlank() || message.length() > MAX_MESSAGE_CHARS)) {
            throw ApiException.badRequest("invalid_message", "message is 1 to " + MAX_MESSAGE_CHARS + " characters");
        }
        return account(asker.userId()).chain(account -> entries.get(asker, entryId).chain(entry -> {
            String text = message != null ? message : entry.content();
            if (text == null) {
                throw ApiException.badRequest("message_required", "an e2e entry is published as the message your app decrypted");
            }
            return claim(asker.userId(), entryId, pageId).chain(existing -> existing != null
                    ? Uni.createFrom().item(existing)
                    // Released only when Graph made no post: a post made and then not recorded keeps its claim
                    // (a retry answers 409 until the claim is stale) rather than be posted twice at once.
                    : post(account, pageId, text).onFailure().call(() -> release(entryId, pageId))
                            .chain(postId -> record(entryId, pageId, postId)));
        }));
    }

    private Uni<String> post(IntegrationAccount account, String pageId, String text) {
        return graph.pages(secrets.token(account)).chain(pages -> {
                    GraphContent.Page page = pages.data() == null ? null
                            : pages.data().stream().filter(candidate -> pageId.equals(candidate.id())).findFirst().orElse(null);
                    if (page == null || page.accessToken() == null) {
                        throw ApiException.notFound("you manage no Page with this id (or the app may not post to it)");
                    }
                    return graph.publish(pageId, text, page.accessToken());
                })
                .onFailure(e -> !(e instanceof ApiException)).transform(PagePublishing::graphFailure)
                .map(GraphContent.Created::id);
    }

    private static Uni<IntegrationAccount> account(UUID userId) {
        return Panache.withSession(() -> IntegrationAccount.of(userId, FacebookConnection.PROVIDER))
                .onItem().ifNull().failWith(() -> ApiException.conflict("facebook_not_connected", "connect a Facebook account first"));
    }

    /** Null when this request holds the claim now; the publication already made otherwise; 409 while another request holds it. */
    private Uni<Published> claim(UUID userId, UUID entryId, String pageId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO published_entries (entry_id, page_id, user_id, status, claimed_at) VALUES (?1, ?2, ?3, 'publishing', ?4)"
                                + " ON CONFLICT DO NOTHING").setParameter(1, entryId).setParameter(2, pageId).setParameter(3, userId).setParameter(4, now)
                .executeUpdate()
                .chain(inserted -> inserted == 1 ? Uni.createFrom().nullItem() : session.createNativeQuery(
                                "SELECT status, post_id, published_at, claimed_at FROM published_entries WHERE entry_id = ?1 AND page_id = ?2 FOR UPDATE",
                                Object[].class).setParameter(1, entryId).setParameter(2, pageId).getSingleResult()
                        .chain(row -> {
                            if ("published".equals(row[0])) {
                                return Uni.createFrom().item(new Published(entryId.toString(), pageId, (String) row[1], instant(row[2]), true));
                            }
                            if (instant(row[3]).isAfter(now.minus(config.publishClaimLife()))) {
                                throw ApiException.conflict("publish_in_progress", "this entry is being published to this Page");
                            }
                            // A claim left by a crash: this request takes it over.
                            return session.createNativeQuery("UPDATE published_entries SET claimed_at = ?1 WHERE entry_id = ?2 AND page_id = ?3")
                                    .setParameter(1, now).setParameter(2, entryId).setParameter(3, pageId).executeUpdate().replaceWith((Published) null);
                        }))));
    }

    private static Uni<Published> record(UUID entryId, String pageId, String postId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "UPDATE published_entries SET status = 'published', post_id = ?1, published_at = ?2 WHERE entry_id = ?3 AND page_id = ?4")
                        .setParameter(1, postId).setParameter(2, now).setParameter(3, entryId).setParameter(4, pageId).executeUpdate()))
                .replaceWith(new Published(entryId.toString(), pageId, postId, now, false));
    }

    private static Uni<Void> release(UUID entryId, String pageId) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM published_entries WHERE entry_id = ?1 AND page_id = ?2 AND status = 'publishing'")
                .setParameter(1, entryId).setParameter(2, pageId).executeUpdate())).replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return value instanceof java.time.LocalDateTime local ? local.toInstant(java.time.ZoneOffset.UTC) : null;
    }

    private static Throwable graphFailure(Throwable failure) {
        if (failure instanceof GraphException graphFailure) {
            LOG.warnf("Graph refused a Page call: HTTP %d, code %d", graphFailure.status(), graphFailure.code());
            if (graphFailure.tokenInvalid()) {
                return ApiException.conflict("facebook_token_invalid", "Facebook no longer accepts this connection; connect again");
            }
            if (!(graphFailure instanceof GraphException.Retryable)) {
                return ApiException.conflict("facebook_refused", "Facebook refused the post (a missing Page permission?)");
            }
        } else {
            LOG.warnf("a Graph Page call failed: %s", failure.getClass().getSimpleName());
        }
        return new ApiException(502, "facebook_unavailable", "Facebook could not be reached; try again");
    }
}
