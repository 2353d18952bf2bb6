package io.panzoto.auth.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code auth.user-registered}: a new account, its tier and key salt (hex), for services that derive its keys. */
// Serialised by Jackson outside REST (outbox, inbox): the native image keeps its accessors.
@RegisterForReflection
public record UserRegistered(@JsonProperty("user_id") String userId, @JsonProperty("tier") String tier,
                             @JsonProperty("key_salt") String keySalt) {
    public static final String TOPIC = "auth.user-registered";
}
