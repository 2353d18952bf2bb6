package io.panzoto.audio.uploads;

import io.panzoto.audio.files.AudioFile;
import io.panzoto.platform.errors.ApiException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Where an upload goes: always a fresh key under the caller's own prefix, named after the client's file. */
final class UploadKeys {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private UploadKeys() {
    }

    static String newKey(UUID userId, String fileName) {
        String name = fileName == null || fileName.isBlank() ? "recording.enc" : fileName.trim();
        if (!SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
            throw ApiException.badRequest("invalid_file_name", "file_name may use letters, digits, '.', '_' and '-' (up to 100)");
        }
        return AudioFile.prefixOf(userId) + UUID.randomUUID() + "-" + name;
    }
}
