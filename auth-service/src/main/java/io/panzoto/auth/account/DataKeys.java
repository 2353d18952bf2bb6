package io.panzoto.auth.account;

import io.panzoto.auth.user.User;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.envelope.KeyWrap;
import io.panzoto.crypto.kdf.Argon2Kdf;
import io.panzoto.crypto.password.Argon2Parameters;
import io.panzoto.crypto.password.PasswordHasher;
import io.panzoto.crypto.token.RecoveryCodes;
import io.panzoto.crypto.token.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Key custody for the uce tier and recovery codes. Every method is CPU-heavy (Argon2id) and blocking:
 * call it through executeBlocking. The data key exists in clear only inside these methods.
 */
@ApplicationScoped
class DataKeys {
    private static final int SALT_BYTES = 16;

    private final Argon2Parameters parameters;
    private final Tokens codeHasher;

    DataKeys(PasswordHasher hasher, Tokens codeHasher) { // constructor injection
        this.parameters = hasher.parameters();
        this.codeHasher = codeHasher;
    }

    /** New recovery codes for a user, and their rows; with a data key, each row wraps it. */
    record Issued(List<String> codes, List<RecoveryCode> rows) {
        @Override
        public String toString() {
            return "Issued[" + rows.size() + " codes, redacted]";
        }
    }

    /** Makes a uce user's data key, wraps it under the password, and returns it for the recovery wraps. */
    SecretBytes createFor(User user, String password) {
        SecretBytes dataKey = SecretBytes.copyOf(SecureRandoms.bytes(32));
        wrapUnderPassword(user, dataKey, password);
        return dataKey;
    }

    void wrapUnderPassword(User user, SecretBytes dataKey, String password) {
        user.dataKeySalt = SecureRandoms.bytes(SALT_BYTES);
        user.dataKeyMemoryKib = parameters.memoryKiB();
        user.dataKeyIterations = parameters.iterations();
        try (SecretBytes passwordKey = Argon2Kdf.derive(password, user.dataKeySalt, parameters, 32)) {
            user.dataKeyWrapped = KeyWrap.wrap(dataKey, passwordKey, passwordAad(user.id));
        }
    }

    /** @throws io.panzoto.crypto.AuthenticationFailedException if the password does not unwrap it */
    SecretBytes unwrapWithPassword(User user, String password) {
        Argon2Parameters stored = new Argon2Parameters(user.dataKeyMemoryKib, user.dataKeyIterations);
        try (SecretBytes passwordKey = Argon2Kdf.derive(password, user.dataKeySalt, stored, 32)) {
            return KeyWrap.unwrap(user.dataKeyWrapped, passwordKey, passwordAad(user.id));
        }
    }

    SecretBytes unwrapWithCode(RecoveryCode row, String normalisedCode) {
        try (SecretBytes codeKey = Argon2Kdf.derive(normalisedCode, row.kdfSalt, parameters, 32)) {
            return KeyWrap.unwrap(row.dataKeyWrapped, codeKey, codeAad(row.userId, row.id));
        }
    }

    Issued issueCodes(UUID userId, SecretBytes dataKeyOrNull) {
        List<String> codes = RecoveryCodes.generate(RecoveryCodes.DEFAULT_COUNT);
        List<RecoveryCode> rows = new ArrayList<>();
        Instant now = Instant.now();
        for (String code : codes) {
            String normal = RecoveryCodes.normalise(code).orElseThrow();
            RecoveryCode row = new RecoveryCode();
            row.id = UUID.randomUUID();
            row.userId = userId;
            row.codeHash = codeHash(normal);
            row.createdAt = now;
            if (dataKeyOrNull != null) {
                row.kdfSalt = SecureRandoms.bytes(SALT_BYTES);
                try (SecretBytes codeKey = Argon2Kdf.derive(normal, row.kdfSalt, parameters, 32)) {
                    row.dataKeyWrapped = KeyWrap.wrap(dataKeyOrNull, codeKey, codeAad(userId, row.id));
                }
            }
            rows.add(row);
        }
        return new Issued(codes, rows);
    }

    String codeHash(String normalisedCode) {
        return codeHasher.storageHash("recovery:" + normalisedCode);
    }

    private static byte[] passwordAad(UUID userId) {
        return ("panzoto-uce-data-key:" + userId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] codeAad(UUID userId, UUID codeId) {
        return ("panzoto-uce-recovery:" + userId + ":" + codeId).getBytes(StandardCharsets.UTF_8);
    }
}
