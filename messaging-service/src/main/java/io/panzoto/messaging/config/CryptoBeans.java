package io.panzoto.messaging.config;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.token.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The common-crypto objects messaging-service uses, built once from configuration. */
@ApplicationScoped
public class CryptoBeans {

    @Produces
    @ApplicationScoped
    Tokens tokenHasher(MessagingConfig config) {
        return new Tokens(new SecretBytes(Bytes.fromBase64(config.tokenPepper())));
    }
}
