package io.panzoto.diary.entries;

import java.time.LocalDate;
import java.util.UUID;

/** What a list or a search narrows to; null parts do not narrow. */
public record EntryFilter(LocalDate from, LocalDate to, String source, UUID tagId) {
}
