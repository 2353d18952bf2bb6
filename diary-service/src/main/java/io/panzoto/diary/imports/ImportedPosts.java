package io.panzoto.diary.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.panzoto.crypto.sodium.SealedBox;
import io.panzoto.diary.config.DiaryConfig;
import io.panzoto.diary.entries.EntryService;
import io.panzoto.diary.integrations.IntegrationSecrets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores a batch of imported posts for a job's user, in one transaction: each post once (by provider and
 * id, and by a keyed hash of its time and text, so an export after a Graph import adds nothing twice),
 * sealed at once to the user's inbox key (libsodium sealed box of a small JSON document). uce posts wait
 * sealed until the user's next unlock ({@link InboxDelivery}); e2e posts become entries now, the sealed
 * box their body. Plaintext exists only in memory while a post is sealed. Posts an entry cannot hold go to
 * the dead-letter topic (ids and reason only).
 */
@ApplicationScoped
public class ImportedPosts {
    public static final String SOURCE = "facebook";
    private static final int MAX_EXTERNAL_ID = 200;
    /** Backdated life events reach far back; nothing a diary keeps is older. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    private final IntegrationSecrets secrets;
    private final EntryService entries;
    private final PostDeadLetters deadLetters;
    private final ObjectMapper mapper;
    private final int maxEntryBytes;

    public ImportedPosts(IntegrationSecrets secrets, EntryService entries, PostDeadLetters deadLetters, ObjectMapper mapper, DiaryConfig config) {
        this.secrets = secrets;
        this.entries = entries;
        this.deadLetters = deadLetters;
        this.mapper = mapper;
        this.maxEntryBytes = config.maxEntryBytes();
    }

    /** What a batch did. */
    public record Counts(int seen, int imported, int duplicates, int skipped, int failed) {
        static final Counts NONE = new Counts(0, 0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(seen + other.seen, imported + other.imported, duplicates + other.duplicates, skipped + other.skipped,
                    failed + other.failed);
        }
    }

    private enum Outcome { IMPORTED, DUPLICATE, SKIPPED, FAILED }

    public Uni<Counts> store(ImportJob job, InboxKey key, List<ImportedPost> posts) {
        List<PostDeadLetters.Refused> refused = new ArrayList<>();
        return Panache.withTransaction(() -> Multi.createFrom().iterable(posts)
                        .onItem().transformToUniAndConcatenate(post -> one(job, key, post, refused))
                        .collect().asList())
                .call(() -> deadLetters.park(job, refused))
                .map(outcomes -> new Counts(outcomes.size(), count(outcomes, Outcome.IMPORTED), count(outcomes, Outcome.DUPLICATE),
                        count(outcomes, Outcome.SKIPPED), count(outcomes, Outcome.FAILED)));
    }

    private static int count(List<Outcome> outcomes, Outcome outcome) {
        return (int) outcomes.stream().filter(outcome::equals).count();
    }

    private Uni<Outcome> one(ImportJob job, InboxKey key, ImportedPost post, List<PostDeadLetters.Refused> refused) {
        String content = post.content();
        if (content.isBlank()) {
            return Uni.createFrom().item(Outcome.SKIPPED); // a photo or a check-in without words: nothing for a diary
        }
        if (post.postedAt() == null || post.postedAt().isBefore(EARLIEST) || post.postedAt().isAfter(Instant.now().plus(Duration.ofDays(1)))) {
            // No time, or one no post has (and PostgreSQL could not store): the post is parked, the rest go on.
            refused.add(new PostDeadLetters.Refused(post.externalId(), "post_without_time"));
            return Uni.createFrom().item(Outcome.FAILED);
        }
        String mac = secrets.postMac(job.userId, post.postedAt(), content);
        String externalId = post.externalId() != null ? post.externalId() : "export:" + mac;
        if (content.getBytes(StandardCharsets.UTF_8).length > maxEntryBytes || externalId.length() > MAX_EXTERNAL_ID) {
            refused.add(new PostDeadLetters.Refused(externalId.length() > MAX_EXTERNAL_ID ? "[too long]" : externalId, "post_too_large"));
            return Uni.createFrom().item(Outcome.FAILED);
        }
        Instant postedAt = post.postedAt().truncatedTo(ChronoUnit.SECONDS);
        byte[] sealed = SealedBox.seal(document(job.provider, externalId, postedAt, content), key.publicKey);
        boolean waits = "uce".equals(key.tier);
        String insert = "INSERT INTO external_posts (user_id, provider, external_id, content_mac, posted_at, job_id, imported_at"
                + (waits ? ", sealed" : "") + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7" + (waits ? ", ?8" : "") + ") ON CONFLICT DO NOTHING";
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(insert).setParameter(1, job.userId).setParameter(2, job.provider)
                    .setParameter(3, externalId).setParameter(4, mac).setParameter(5, postedAt).setParameter(6, job.id)
                    .setParameter(7, Instant.now());
            if (waits) {
                query.setParameter(8, sealed);
            }
            return query.executeUpdate();
        }).chain(inserted -> {
            if (inserted == 0) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            if (waits) {
                return Uni.createFrom().item(Outcome.IMPORTED);
            }
            LocalDate day = LocalDate.ofInstant(postedAt, ZoneOffset.UTC);
            return entries.createSealedImport(job.userId, day, SOURCE, sealed)
                    .chain(entryId -> Panache.getSession().chain(session -> session.createNativeQuery(
                                    "UPDATE external_posts SET entry_id = ?1 WHERE user_id = ?2 AND provider = ?3 AND external_id = ?4")
                            .setParameter(1, entryId).setParameter(2, job.userId).setParameter(3, job.provider).setParameter(4, externalId)
                            .executeUpdate()))
                    .replaceWith(Outcome.IMPORTED);
        });
    }

    /**
     * What is sealed: {@code {provider, external_id, posted_at, content}} in UTF-8 JSON, the format an
     * e2e client opens (crypto_box_seal_open with its X25519 key) and the inbox delivery reads.
     */
    private byte[] document(String provider, String externalId, Instant postedAt, String content) {
        Map<String, String> document = new LinkedHashMap<>();
        document.put("provider", provider);
        document.put("external_id", externalId);
        document.put("posted_at", postedAt.toString());
        document.put("content", content);
        try {
            return mapper.writeValueAsBytes(document);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sealed post as the inbox delivery reads it back. */
    record Document(String externalId, Instant postedAt, String content) {
        @Override
        public String toString() {
            return "Document[" + externalId + ", content redacted]";
        }
    }

    Document read(byte[] document) {
        try {
            var node = mapper.readTree(document);
            return new Document(node.path("external_id").asText(), Instant.parse(node.path("posted_at").asText()), node.path("content").asText());
        } catch (Exception e) {
            throw new IllegalStateException("an inbox post that is not the import's document", e);
        }
    }
}
