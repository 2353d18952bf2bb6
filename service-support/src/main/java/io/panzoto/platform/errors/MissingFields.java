package io.panzoto.platform.errors;

import jakarta.validation.Payload;

/**
 * Marks a constraint whose violation means a required field (or the body) is absent: the answer is
 * 400 {@code missing_fields} with the constraint's message alone, word for word, as the seeds' clients
 * expect (e.g. {@code @NotNull(message = "Public key is required", payload = MissingFields.class)}).
 */
public interface MissingFields extends Payload {
}
