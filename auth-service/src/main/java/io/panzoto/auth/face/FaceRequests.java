package io.panzoto.auth.face;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.panzoto.auth.account.AuthResponse;
import io.panzoto.platform.errors.ApiException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The face routes' JSON. Photos are base64 (a {@code data:image/...;base64,} prefix, as a canvas gives, is accepted). */
public final class FaceRequests {
    private FaceRequests() {
    }

    /** {@code POST /api/auth/setup-face}: the password, one photo ({@code image}) or several ({@code images}). */
    public record Enrolment(
            @JsonProperty("password") String password,
            @JsonProperty("image") String image,
            @JsonProperty("images") List<String> images,
            @JsonProperty("login_second_factor") Boolean loginSecondFactor) {

        List<byte[]> photos(int max) {
            List<String> all = new ArrayList<>();
            if (image != null) {
                all.add(image);
            }
            if (images != null) {
                all.addAll(images);
            }
            if (all.isEmpty()) {
                throw ApiException.badRequest("missing_fields", "image (or images) is required");
            }
            if (all.size() > max) {
                throw ApiException.badRequest("too_many_photos", "at most " + max + " photos per enrolment");
            }
            return all.stream().map(FaceRequests::photo).toList();
        }

        @Override
        public String toString() {
            return "Enrolment[redacted]";
        }
    }

    /** {@code POST /api/auth/face-verify}: a photo, and for a login's second factor its {@code pending_token}. */
    public record Verification(@JsonProperty("image") String image, @JsonProperty("pending_token") String pendingToken) {
        byte[] photo() {
            if (image == null) {
                throw ApiException.badRequest("missing_fields", "image is required");
            }
            return FaceRequests.photo(image);
        }

        @Override
        public String toString() {
            return "Verification[redacted]";
        }
    }

    /** {@code DELETE /api/auth/face}: the password, as for any credential change. */
    public record Removal(@JsonProperty("password") String password) {
        @Override
        public String toString() {
            return "Removal[redacted]";
        }
    }

    public record Enrolled(
            @JsonProperty("face_enrolled") boolean enrolled,
            @JsonProperty("photos") int photos,
            @JsonProperty("liveness") List<Double> liveness,
            @JsonProperty("login_second_factor") boolean loginSecondFactor) {
    }

    /** The verdict; on a step-up match also the step-up token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verified(
            @JsonProperty("match") boolean match,
            @JsonProperty("score") double score,
            @JsonProperty("liveness") double liveness,
            @JsonProperty("step_up_token") String stepUpToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") Long expiresIn) {

        @Override
        public String toString() {
            return "Verified[match=" + match + ", token redacted]";
        }
    }

    /** A login completed by the face: the verdict and the login's own answer (token, user, ...). */
    public record LoginCompleted(
            @JsonProperty("match") boolean match,
            @JsonProperty("score") double score,
            @JsonProperty("liveness") double liveness,
            @JsonUnwrapped AuthResponse login) {

        @Override
        public String toString() {
            return "LoginCompleted[tokens redacted]";
        }
    }

    /** What password login answers (202) for an account with the face factor on. */
    public record FaceRequired(
            @JsonProperty("face_required") boolean faceRequired,
            @JsonProperty("pending_token") String pendingToken,
            @JsonProperty("expires_in") long expiresIn) {

        @Override
        public String toString() {
            return "FaceRequired[token redacted]";
        }
    }

    static byte[] photo(String encoded) {
        String data = encoded;
        if (data.startsWith("data:")) {
            int comma = data.indexOf(',');
            if (comma < 0 || !data.substring(0, comma).endsWith(";base64")) {
                throw ApiException.badRequest("invalid_image", "a data URL photo must be base64");
            }
            data = data.substring(comma + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_image", "the photo is not valid base64");
        }
    }
}
