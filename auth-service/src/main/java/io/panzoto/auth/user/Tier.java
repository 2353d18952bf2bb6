package io.panzoto.auth.user;

import com.fasterxml.jackson.annotation.JsonValue;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.persistence.LowerCaseEnumColumn;
import jakarta.persistence.Converter;
import java.util.Locale;

/**
 * How an account's data is protected: {@code e2e}, the client encrypts and the server never holds a
 * usable key; {@code uce}, the server seals data under the user's data key, itself wrapped under the
 * password. Written in lower case in JSON, the tokens' {@code tier} claim, events and the column.
 */
public enum Tier {
    E2E, UCE;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a client asks for at sign-up; none means e2e. Anything else is 400. */
    public static Tier requested(String tier) {
        String value = tier == null ? "e2e" : tier.trim().toLowerCase(Locale.ROOT);
        for (Tier known : values()) {
            if (known.value().equals(value)) {
                return known;
            }
        }
        throw ApiException.badRequest("invalid_tier", "tier must be e2e or uce");
    }

    @Converter(autoApply = true)
    public static class Column extends LowerCaseEnumColumn<Tier> {
        public Column() {
            super(Tier.class);
        }
    }
}
