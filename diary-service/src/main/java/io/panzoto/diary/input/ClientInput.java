package io.panzoto.diary.input;

import io.panzoto.crypto.Bytes;
import io.panzoto.platform.errors.ApiException;
import java.util.regex.Pattern;

/** The checks of what e2e clients send in place of plaintext: base64 blobs and their own blind tokens. */
public final class ClientInput {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ClientInput() {
    }

    /** The bytes of a base64 field; 400 {@code invalid_<field>} when it is not base64. */
    public static byte[] base64(String value, String field) {
        try {
            return Bytes.fromBase64(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_" + field, field + " must be base64");
        }
    }

    /** Whether a client's blind token has the accepted form: 1 to 64 of [A-Za-z0-9_-]. */
    public static boolean isToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }
}
