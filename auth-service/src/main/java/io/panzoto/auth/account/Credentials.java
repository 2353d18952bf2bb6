package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Register and login input; {@code tier} and {@code display_name} only matter at registration. */
public record Credentials(
        @JsonProperty("email") String email,
        @JsonProperty("password") String password,
        @JsonProperty("tier") String tier,
        @JsonProperty("display_name") String displayName) {

    @Override
    public String toString() {
        return "Credentials[password redacted]";
    }
}
