package io.panzoto.auth.account;

import io.panzoto.auth.face.FaceRequests;
import jakarta.ws.rs.core.Response;

/**
 * What a password login answers: tokens (200), or for an account with the face factor on a pending
 * grant that {@code POST /api/auth/face-verify} completes (202, {@code face_required}).
 */
public record LoginAnswer(AuthResponse tokens, FaceRequests.FaceRequired faceRequired) {
    static LoginAnswer tokens(AuthResponse tokens) {
        return new LoginAnswer(tokens, null);
    }

    static LoginAnswer faceRequired(FaceRequests.FaceRequired pending) {
        return new LoginAnswer(null, pending);
    }

    Response toResponse() {
        return tokens != null ? Response.ok(tokens).build() : Response.accepted(faceRequired).build();
    }

    @Override
    public String toString() {
        return "LoginAnswer[redacted]";
    }
}
