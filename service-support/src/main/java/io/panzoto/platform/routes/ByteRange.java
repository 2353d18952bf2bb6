package io.panzoto.platform.routes;

import java.util.Optional;

/**
 * The bytes a download asks for (RFC 9110 §14): one range of {@code Range: bytes=first-last},
 * {@code first-} or {@code -suffix}. A header this does not understand, or one naming several ranges,
 * is ignored and the whole file sent, as the RFC allows; a range that starts past the end cannot be
 * satisfied (416). Hand-written because it is these 40 lines: Vert.x parses ranges only for its
 * static-file handler, and the S3 SDK takes the range we hand it.
 */
public record ByteRange(long first, long last, boolean partial) {
    /** The range to send of a file of {@code size} bytes; empty when the request cannot be satisfied. */
    public static Optional<ByteRange> of(String header, long size) {
        ByteRange whole = new ByteRange(0, size - 1, false);
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return Optional.of(whole);
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.of(whole);
        }
        try {
            String from = spec.substring(0, dash).trim();
            String to = spec.substring(dash + 1).trim();
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                return suffix <= 0 ? Optional.empty() : Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1, true));
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (first < 0 || last < first) {
                return Optional.of(whole);
            }
            return first >= size ? Optional.empty() : Optional.of(new ByteRange(first, Math.min(last, size - 1), true));
        } catch (NumberFormatException e) {
            return Optional.of(whole);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} of this answer. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
