package io.panzoto.auth.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code auth.user-registered}: a new account, its tier and key salt (hex), for services that derive its keys. */
public record UserRegistered(@JsonProperty("user_id") String userId, @JsonProperty("tier") String tier,
                             @JsonProperty("key_salt") String keySalt) {
    public static final String TOPIC = "auth.user-registered";
}
