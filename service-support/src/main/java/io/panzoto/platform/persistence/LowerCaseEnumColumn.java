package io.panzoto.platform.persistence;

import jakarta.persistence.AttributeConverter;
import java.util.Locale;

/**
 * Stores an enum as the lower-case form of its name (the words the columns held before they were
 * enums, and the ones clients read). A concrete converter per enum: {@code class Column extends
 * LowerCaseEnumColumn<JobStatus> { Column() { super(JobStatus.class); } }}.
 */
public abstract class LowerCaseEnumColumn<E extends Enum<E>> implements AttributeConverter<E, String> {
    private final Class<E> type;

    protected LowerCaseEnumColumn(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public E convertToEntityAttribute(String column) {
        return column == null ? null : Enum.valueOf(type, column.toUpperCase(Locale.ROOT));
    }
}
