package io.panzoto.auth.account;

import io.panzoto.auth.account.AccountRequests.PasswordConfirmation;
import io.panzoto.auth.account.AccountRequests.ProfileChange;
import io.panzoto.auth.face.FaceStepUp;
import io.panzoto.platform.errors.MissingFields;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code /api/v1/me}: the caller's own account: read, change the display name, delete. */
@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    private final Caller caller;
    private final CredentialService credentials;
    private final FaceStepUp faceStepUp;

    public MeResource(Caller caller, CredentialService credentials, FaceStepUp faceStepUp) {
        this.faceStepUp = faceStepUp;
        this.caller = caller;
        this.credentials = credentials;
    }

    @GET
    public Uni<AuthResponse.UserView> me() {
        return credentials.profile(caller.userId());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AuthResponse.UserView> update(ProfileChange change) {
        return credentials.updateProfile(caller.userId(), change == null ? null : change.displayName());
    }

    /** Deletes the account; the password confirms it. Every service then deletes the user's data. */
    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> delete(@Valid @NotNull(message = AccountRequests.PASSWORD_REQUIRED, payload = MissingFields.class)
                                PasswordConfirmation confirmation) {
        return faceStepUp.require(caller).chain(() -> credentials.delete(caller.userId(), confirmation.password()))
                .map(Outcome::orThrow).replaceWith(Response.noContent().build());
    }
}
