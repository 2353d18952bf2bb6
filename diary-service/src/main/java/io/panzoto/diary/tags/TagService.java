package io.panzoto.diary.tags;

import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.envelope.RecordSealer;
import io.panzoto.crypto.index.BlindIndex;
import io.panzoto.diary.input.ClientInput;
import io.panzoto.diary.keys.Asker;
import io.panzoto.diary.keys.DataKeyTickets;
import io.panzoto.diary.tags.TagRequests.TagInput;
import io.panzoto.diary.tags.TagRequests.TagView;
import io.panzoto.platform.errors.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Tags, one transaction per command. A uce tag is found by a blind token (HMAC of its normalised name
 * under a key from the user's data key) and its name is sealed; an e2e tag's token and name are the
 * client's. uce entries get auto tags: their {@code #hashtags} and their source.
 */
@ApplicationScoped
public class TagService {
    static final int MAX_NAME = 64;

    private final DataKeyTickets tickets;

    public TagService(DataKeyTickets tickets) {
        this.tickets = tickets;
    }

    @WithTransaction
    public Uni<TagView> create(Asker asker, TagInput input) {
        Tag tag = new Tag();
        tag.id = UUID.randomUUID();
        tag.userId = asker.userId();
        tag.kind = Tag.USER;
        tag.createdAt = Instant.now();
        String name = name(asker, tag, input);
        return Tag.byToken(asker.userId(), tag.token).chain(existing -> {
            if (existing != null) {
                throw ApiException.conflict("tag_exists", "a tag with this name exists: " + existing.id);
            }
            return tag.persist();
        }).map(saved -> TagView.of(tag, name));
    }

    @WithSession
    public Uni<List<TagView>> list(Asker asker) {
        return Tag.allOf(asker.userId()).map(tags -> {
            if (!asker.uce()) {
                return tags.stream().map(tag -> TagView.of(tag, null)).toList();
            }
            try (SecretBytes key = tickets.open(asker)) {
                return tags.stream().map(tag -> TagView.of(tag, open(key, tag))).toList();
            }
        });
    }

    @WithTransaction
    public Uni<TagView> rename(Asker asker, UUID id, TagInput input) {
        return owned(asker, id).chain(tag -> {
            String name = name(asker, tag, input);
            return Tag.byToken(asker.userId(), tag.token).map(existing -> {
                if (existing != null && !existing.id.equals(tag.id)) {
                    throw ApiException.conflict("tag_exists", "a tag with this name exists: " + existing.id);
                }
                tag.kind = Tag.USER;
                return TagView.of(tag, name);
            });
        });
    }

    /** Deletes the tag; it comes off every entry. */
    @WithTransaction
    public Uni<Void> delete(Asker asker, UUID id) {
        return owned(asker, id).chain(Tag::delete);
    }

    /**
     * Sets a uce entry's auto tags to its hashtags and its source (creating the tags it lacks, sealed),
     * taking off auto tags it no longer has ({@code created}: a new entry, no links to compare). Runs in
     * the caller's transaction; the key is used before
     * this returns, never after.
     */
    public Uni<Void> autoTag(SecretBytes dataKey, UUID userId, UUID entryId, Set<String> hashtags, String source, boolean created) {
        Set<String> names = new LinkedHashSet<>();
        hashtags.forEach(tag -> names.add("#" + tag));
        names.add("source:" + source);
        List<Tag> candidates = new ArrayList<>();
        try (BlindIndex index = BlindIndex.of(dataKey, "tags")) {
            for (String name : names) {
                Tag tag = new Tag();
                tag.id = UUID.randomUUID();
                tag.userId = userId;
                tag.kind = Tag.AUTO;
                tag.token = index.token(normalise(name));
                tag.createdAt = Instant.now();
                tag.name = RecordSealer.seal(dataKey, userId.toString(), "tag:" + tag.id, 0, name.getBytes(StandardCharsets.UTF_8));
                candidates.add(tag);
            }
        }
        return Tag.byTokens(userId, candidates.stream().map(tag -> tag.token).toList()).chain(existing -> {
            Set<String> have = new HashSet<>();
            existing.forEach(tag -> have.add(tag.token));
            List<Tag> missing = candidates.stream().filter(tag -> !have.contains(tag.token)).toList();
            List<Tag> wanted = new ArrayList<>(existing);
            wanted.addAll(missing);
            Uni<Void> stored = missing.isEmpty() ? Uni.createFrom().voidItem() : Tag.persist(missing);
            return stored.chain(() -> created ? link(entryId, wanted) : relink(entryId, wanted));
        });
    }

    /** The entries' tag ids, for the answers. */
    public static Uni<List<EntryTag>> tagsOf(Collection<UUID> entryIds) {
        return entryIds.isEmpty() ? Uni.createFrom().item(List.of()) : EntryTag.ofEntries(entryIds);
    }

    /** Links a new entry, which has no tags yet, to these. */
    private static Uni<Void> link(UUID entryId, List<Tag> autoTags) {
        return EntryTag.persist(autoTags.stream().map(tag -> EntryTag.of(entryId, tag.id)).toList());
    }

    /** Links the entry to exactly these auto tags (user tags untouched). */
    private static Uni<Void> relink(UUID entryId, List<Tag> autoTags) {
        Set<UUID> wanted = new HashSet<>();
        autoTags.forEach(tag -> wanted.add(tag.id));
        return EntryTag.ofEntries(List.of(entryId)).chain(links -> {
            List<UUID> linked = links.stream().map(link -> link.tagId).toList();
            return Tag.<Tag>list("id in ?1 and kind = ?2", linked.isEmpty() ? List.of(UUID.randomUUID()) : linked, Tag.AUTO)
                    .chain(linkedAuto -> {
                        List<UUID> stale = linkedAuto.stream().map(tag -> tag.id).filter(id -> !wanted.contains(id)).toList();
                        Uni<Long> removed = stale.isEmpty() ? Uni.createFrom().item(0L) : EntryTag.detachAll(entryId, stale);
                        List<EntryTag> added = wanted.stream().filter(id -> !linked.contains(id)).map(id -> EntryTag.of(entryId, id)).toList();
                        return removed.chain(() -> added.isEmpty() ? Uni.createFrom().voidItem() : EntryTag.persist(added));
                    });
        });
    }

    /** Fills the tag's token and name from the input; answers the name in clear (uce) or null (e2e). */
    private String name(Asker asker, Tag tag, TagInput input) {
        if (input == null) {
            throw ApiException.badRequest("missing_fields", "a tag is required");
        }
        if (asker.uce()) {
            String name = input.name() == null ? "" : input.name().trim().replaceAll("\\s+", " ");
            if (name.isEmpty() || name.length() > MAX_NAME || input.token() != null) {
                throw ApiException.badRequest("invalid_tag", "a uce tag has a name of 1 to " + MAX_NAME + " characters");
            }
            try (SecretBytes key = tickets.open(asker); BlindIndex index = BlindIndex.of(key, "tags")) {
                tag.token = index.token(normalise(name));
                tag.name = RecordSealer.seal(key, tag.userId.toString(), "tag:" + tag.id, 0, name.getBytes(StandardCharsets.UTF_8));
            }
            tag.nonce = null;
            return name;
        }
        if (!ClientInput.isToken(input.token()) || input.nameCiphertext() == null
                || input.nonce() == null || input.name() != null) {
            throw ApiException.badRequest("invalid_tag", "an e2e tag is its token ([A-Za-z0-9_-], 1 to 64), name_ciphertext and nonce");
        }
        tag.token = input.token();
        tag.name = ClientInput.base64(input.nameCiphertext(), "name_ciphertext");
        tag.nonce = ClientInput.base64(input.nonce(), "nonce");
        if (tag.name.length == 0 || tag.name.length > 1024) {
            throw ApiException.badRequest("invalid_tag", "name_ciphertext is 1 to 1024 bytes");
        }
        return null;
    }

    private static String open(SecretBytes key, Tag tag) {
        return new String(RecordSealer.open(key, tag.userId.toString(), "tag:" + tag.id, 0, tag.name), StandardCharsets.UTF_8);
    }

    private static String normalise(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The asker's tag; another user's is not found. */
    public static Uni<Tag> owned(Asker asker, UUID id) {
        return Tag.ofUser(asker.userId(), id).onItem().ifNull().failWith(() -> ApiException.notFound("no such tag"));
    }

}
