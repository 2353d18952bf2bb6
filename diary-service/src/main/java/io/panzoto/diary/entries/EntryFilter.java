package io.panzoto.diary.entries;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What a list or a search narrows to: null parts do not narrow; an entry must carry every tag named;
 * {@code hasMedia} true keeps entries with a stored media file attached, false those without.
 */
public record EntryFilter(LocalDate from, LocalDate to, String source, List<UUID> tagIds, Boolean hasMedia) {
    public EntryFilter {
        tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
    }
}
