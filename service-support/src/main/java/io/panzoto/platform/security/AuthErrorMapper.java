package io.panzoto.platform.security;

import io.panzoto.platform.errors.ErrorBody;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A missing, expired, forged or foreign token is 401 with the platform's JSON error, as the Android app
 * expects, in every service and with the gateway's codes: {@code token_missing} when the request carried
 * no Authorization header, {@code token_invalid} otherwise. With authentication not proactive (a
 * service's application.properties), these reach the REST layer.
 */
public class AuthErrorMapper {
    // Seeds 000/001's words, which their apps show.
    static final ErrorBody MISSING = new ErrorBody("Token is missing", "token_missing");
    static final ErrorBody INVALID = new ErrorBody("Token is invalid or expired", "token_invalid");

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(HttpHeaders headers) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(body(headers.getHeaderString(HttpHeaders.AUTHORIZATION) != null)).build();
    }

    /** The body of that 401, for routes outside the REST layer too. */
    public static ErrorBody body(boolean tokenSent) {
        return tokenSent ? INVALID : MISSING;
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody("forbidden", "forbidden")).build();
    }
}
