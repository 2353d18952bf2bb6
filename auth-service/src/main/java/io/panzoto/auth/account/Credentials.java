package io.panzoto.auth.account;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Register and login input; the other fields only matter at registration: {@code tier}, a
 * {@code display_name}, and for e2e users their X25519 and Ed25519 public keys (base64).
 */
public record Credentials(
        @JsonProperty("email") String email,
        @JsonProperty("password") String password,
        @JsonProperty("tier") String tier,
        @JsonProperty("display_name") String displayName,
        @JsonProperty("x25519_public_key") String x25519PublicKey,
        @JsonProperty("ed25519_public_key") String ed25519PublicKey) {

    @Override
    public String toString() {
        return "Credentials[password redacted]";
    }
}
