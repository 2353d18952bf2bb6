package io.panzoto.crypto.token;

import io.panzoto.crypto.SecureRandoms;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Human-typable recovery codes: 52 characters of Crockford's base32 (260 random bits, the design's
 * 256 for every token) shown in groups of four, {@code XXXX-XXXX-...}. Typing is forgiving: case,
 * spaces and dashes are ignored, and the look-alikes O, I and L read as 0, 1 and 1. Codes issued
 * before (16 characters, 80 bits) still read. Store only {@link Tokens#storageHash} of the normal form.
 */
public final class RecoveryCodes {
    public static final int DEFAULT_COUNT = 10;
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 52;
    private static final int LEGACY_LENGTH = 16;

    private RecoveryCodes() {
    }

    public static List<String> generate(int count) {
        SecureRandom random = SecureRandoms.get();
        List<String> codes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder code = new StringBuilder(LENGTH + LENGTH / 4);
            for (int c = 0; c < LENGTH; c++) {
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** The canonical form of what a user typed, or empty if it cannot be a recovery code. */
    public static Optional<String> normalise(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        StringBuilder normal = new StringBuilder(LENGTH);
        for (char ch : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            char mapped = switch (ch) {
                case 'O' -> '0';
                case 'I', 'L' -> '1';
                default -> ch;
            };
            if (mapped == '-' || Character.isWhitespace(mapped)) {
                continue;
            }
            if (ALPHABET.indexOf(mapped) < 0) {
                return Optional.empty();
            }
            normal.append(mapped);
        }
        return normal.length() == LENGTH || normal.length() == LEGACY_LENGTH ? Optional.of(normal.toString()) : Optional.empty();
    }
}
