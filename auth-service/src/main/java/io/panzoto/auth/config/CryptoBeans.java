package io.panzoto.auth.config;

import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.password.Argon2Parameters;
import io.panzoto.crypto.password.PasswordHasher;
import io.panzoto.crypto.token.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;

/** The common-crypto objects auth-service uses, built once from configuration. */
@ApplicationScoped
public class CryptoBeans {

    @Produces
    @ApplicationScoped
    PasswordHasher passwordHasher(AuthConfig config) {
        return new PasswordHasher(new Argon2Parameters(config.password().argon2MemoryKib(), config.password().argon2Iterations()));
    }

    @Produces
    @ApplicationScoped
    Tokens refreshTokenHasher(AuthConfig config) {
        return new Tokens(new SecretBytes(Bytes.fromBase64(config.tokenPepper())));
    }

    @Produces
    @ApplicationScoped
    @Named("key-encryption-key")
    SecretBytes keyEncryptionKey(AuthConfig config) {
        SecretBytes key = new SecretBytes(Bytes.fromBase64(config.keyEncryptionKey()));
        if (key.length() != 32) {
            throw new IllegalStateException("panzoto.auth.key-encryption-key must be 32 bytes in base64");
        }
        return key;
    }
}
