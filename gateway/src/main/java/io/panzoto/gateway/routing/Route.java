package io.panzoto.gateway.routing;

/**
 * One entry of the routing table: a path (exact, or a prefix ending in '/' or '*'), the service that
 * owns it, whether it needs an access token, its rate-limit group and its largest request body.
 */
public record Route(String pattern, String service, Access access, LimitGroup limitGroup, long maxBodyBytes) {
    public enum Access { PUBLIC, TOKEN }

    /** Rate-limit groups: strict for credentials, per link for simplex sends, generous by default. */
    public enum LimitGroup { CREDENTIALS, SIMPLEX_SEND, DEFAULT, UPLOAD }

    public static final long JSON_BODY = 256 * 1024;
    public static final long UPLOAD_BODY = 2L * 1024 * 1024 * 1024;

    boolean matches(String path) {
        if (pattern.endsWith("*")) {
            return path.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return path.equals(pattern) || path.equals(pattern + "/");
    }
}
