package io.panzoto.diary.tags;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** A tag on an entry. */
@Entity
@Table(name = "entry_tags")
@IdClass(EntryTag.Key.class)
public class EntryTag extends PanacheEntityBase {
    @Id
    @Column(name = "entry_id")
    public UUID entryId;

    @Id
    @Column(name = "tag_id")
    public UUID tagId;

    public static EntryTag of(UUID entryId, UUID tagId) {
        EntryTag link = new EntryTag();
        link.entryId = entryId;
        link.tagId = tagId;
        return link;
    }

    /** The composite key. */
    public static class Key implements Serializable {
        public UUID entryId;
        public UUID tagId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.entryId.equals(entryId) && key.tagId.equals(tagId);
        }

        @Override
        public int hashCode() {
            return entryId.hashCode() * 31 + tagId.hashCode();
        }
    }

    public static Uni<List<EntryTag>> ofEntries(Collection<UUID> entryIds) {
        return list("entryId in ?1", entryIds);
    }

    public static Uni<EntryTag> link(UUID entryId, UUID tagId) {
        return find("entryId = ?1 and tagId = ?2", entryId, tagId).firstResult();
    }

    public static Uni<Long> detach(UUID entryId, UUID tagId) {
        return delete("entryId = ?1 and tagId = ?2", entryId, tagId);
    }

    public static Uni<Long> detachAll(UUID entryId, Collection<UUID> tagIds) {
        return delete("entryId = ?1 and tagId in ?2", entryId, tagIds);
    }
}
