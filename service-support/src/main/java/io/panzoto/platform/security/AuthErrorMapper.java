package io.panzoto.platform.security;

import io.panzoto.platform.errors.ErrorBody;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A missing, expired, forged or foreign token is 401 with the platform's JSON error, as the Android app
 * expects, in every service. With authentication not proactive (a service's application.properties), these
 * reach the REST layer.
 */
public class AuthErrorMapper {

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated() {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody("a valid access token is required", "unauthorized")).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody("forbidden", "forbidden")).build();
    }
}
