package io.panzoto.auth.face;

import io.panzoto.auth.security.IpRateLimiter;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * SecureSession's face routes (seed 004): {@code setup-face} and {@code face-verify}, plus removal.
 * Every face route takes a token from the address's face limit first: inference is the costliest work here.
 */
@Path("/api/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FaceResource {
    private final FaceService faces;
    private final Caller caller;
    private final IpRateLimiter limiter;
    private final CurrentIdentityAssociation identities;

    public FaceResource(FaceService faces, Caller caller, IpRateLimiter limiter, CurrentIdentityAssociation identities) {
        this.identities = identities;
        this.faces = faces;
        this.caller = caller;
        this.limiter = limiter;
    }

    /** Enrols the caller's face (201), replacing an earlier enrolment; the password confirms it. */
    @POST
    @Path("setup-face")
    @Authenticated
    public Uni<Response> setup(FaceRequests.Enrolment enrolment, @Context HttpServerRequest request) {
        limiter.acquire(IpRateLimiter.Action.FACE, request);
        return faces.enrol(caller.userId(), enrolment).map(Outcome::orThrow)
                .map(enrolled -> Response.status(201).entity(enrolled).build());
    }

    /**
     * With a {@code pending_token} (no access token): completes a password login of an account with the
     * face factor on. Otherwise, signed in: a step-up check answering {@code {match, score, liveness}}
     * and, on a match, a short-lived token carrying {@code amr: ["pwd","face"]}.
     */
    @POST
    @Path("face-verify")
    public Uni<Object> verify(FaceRequests.Verification verification, @Context HttpServerRequest request) {
        limiter.acquire(IpRateLimiter.Action.FACE, request);
        if (verification == null) {
            throw ApiException.badRequest("missing_fields", "image is required");
        }
        byte[] photo = verification.photo();
        if (verification.pendingToken() != null) {
            return faces.completeLogin(verification.pendingToken(), photo, limiter.clientKey(request)).map(Outcome::orThrow);
        }
        // This route is public for the login's second factor, so the token (when sent) is read on demand.
        return identities.getDeferredIdentity().map(Caller::of)
                .chain(signedIn -> faces.stepUp(signedIn.userId(), signedIn.sessionId(), photo));
    }

    /** Removes the enrolment (204); the password confirms it. */
    @DELETE
    @Path("face")
    @Authenticated
    public Uni<Response> remove(FaceRequests.Removal removal) {
        return faces.remove(caller.userId(), removal == null ? null : removal.password()).map(Outcome::orThrow)
                .replaceWith(Response.noContent().build());
    }
}
