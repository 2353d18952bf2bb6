package io.panzoto.diary.entries;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What a list or a search narrows to: null parts do not narrow; an entry must carry every tag named. */
public record EntryFilter(LocalDate from, LocalDate to, String source, List<UUID> tagIds) {
    public EntryFilter {
        tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
    }
}
