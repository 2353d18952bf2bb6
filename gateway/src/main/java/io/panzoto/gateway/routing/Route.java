package io.panzoto.gateway.routing;

/**
 * One entry of the routing table: a path (exact, or a prefix ending in '/' or '*'), the service that
 * owns it, whether it needs an access token, its rate-limit group, its largest request body, and
 * whether it takes WebSocket upgrades.
 */
public record Route(String pattern, String service, Access access, LimitGroup limitGroup, long maxBodyBytes, boolean webSocket) {
    /** A plain HTTP route. */
    public Route(String pattern, String service, Access access, LimitGroup limitGroup, long maxBodyBytes) {
        this(pattern, service, access, limitGroup, maxBodyBytes, false);
    }

    public enum Access { PUBLIC, TOKEN }

    /** Rate-limit groups: strict for credentials, per link for simplex sends, generous by default. */
    public enum LimitGroup { CREDENTIALS, SIMPLEX_SEND, DEFAULT, UPLOAD }

    public static final long JSON_BODY = 256 * 1024;
    /** A JSON body carrying phone photos in base64 (the face routes): a 12 MP JPEG is 3–5 MiB, 4/3 of that encoded. */
    public static final long PHOTO_BODY = 8L * 1024 * 1024;
    public static final long UPLOAD_BODY = 2L * 1024 * 1024 * 1024;

    /**
     * "/a/b" matches itself (and "/a/b/"); "/a/*" everything below "/a/"; "/a/b*" "/a/b" and everything
     * below it, but not "/a/bc", so a prefix never captures a neighbour's route.
     */
    boolean matches(String path) {
        if (!pattern.endsWith("*")) {
            return path.equals(pattern) || path.equals(pattern + "/");
        }
        String base = pattern.substring(0, pattern.length() - 1);
        if (base.endsWith("/")) {
            return path.startsWith(base);
        }
        return path.startsWith(base) && (path.length() == base.length() || path.charAt(base.length()) == '/');
    }
}
