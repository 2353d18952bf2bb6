package io.panzoto.auth.face;

import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where an account turned the face factor on, the routes that change or end its credentials (password
 * change, new recovery codes, deletion) demand a face step-up token as well as the password: a stolen
 * password and access token alone can then take over nothing. 403 {@code face_step_up_required} otherwise.
 */
@ApplicationScoped
public class FaceStepUp {
    private final FaceService faces;

    public FaceStepUp(FaceService faces) {
        this.faces = faces;
    }

    public Uni<Void> require(Caller caller) {
        if (caller.authenticatedWith("face")) {
            return Uni.createFrom().voidItem();
        }
        return faces.requiresFace(caller.userId()).invoke(required -> {
            if (required) {
                throw new ApiException(403, "face_step_up_required",
                        "this account verifies its face for this: POST /api/auth/face-verify, then send the step_up_token");
            }
        }).replaceWithVoid();
    }
}
