package io.panzoto.auth.token;

import io.panzoto.auth.config.AuthConfig;
import io.panzoto.crypto.Bytes;
import io.panzoto.crypto.SecretBytes;
import io.panzoto.crypto.SecureRandoms;
import io.panzoto.crypto.envelope.KeyWrap;
import io.panzoto.crypto.signing.RsaSigningKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The RS256 keys that sign access tokens. The newest key signs; older keys stay published (and keep
 * verifying) until every token they signed has expired. A new key is made when the newest is older
 * than the rotation period; every replica reloads the set each minute, so all publish the same keys.
 */
@ApplicationScoped
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    public static final String ALGORITHM = "RS256";

    /** A key in memory; the private part only for the key that signs. */
    public record LoadedKey(String kid, Instant createdAt, RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        @Override
        public String toString() {
            return "LoadedKey[" + kid + "]";
        }
    }

    private final AuthConfig config;
    private final SecretBytes keyEncryptionKey;
    private volatile List<LoadedKey> keys = List.of();

    public SigningKeys(AuthConfig config, @Named("key-encryption-key") SecretBytes keyEncryptionKey) {
        this.config = config;
        this.keyEncryptionKey = keyEncryptionKey;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        refresh();
    }

    /** Reloads the keys, making a new one first if the newest is due for rotation. Blocking. */
    @Scheduled(identity = "signing-key-refresh", every = "60s", delayed = "60s")
    void refresh() throws Throwable {
        List<SigningKeyRecord> records = load();
        Instant newest = records.stream().map(r -> r.createdAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        if (newest.plus(config.signingKeyRotation()).isBefore(Instant.now())) {
            create();
            records = load();
        }
        keys = records.stream().map(this::loadKey).sorted(Comparator.comparing(LoadedKey::createdAt).reversed()).toList();
    }

    /** Makes a new signing key at once (operators rotate early after a suspected leak). Blocking. */
    public void rotateNow() throws Throwable {
        create();
        keys = load().stream().map(this::loadKey).sorted(Comparator.comparing(LoadedKey::createdAt).reversed()).toList();
    }

    /** The key that signs new tokens. */
    public LoadedKey current() {
        if (keys.isEmpty()) {
            throw new IllegalStateException("no signing key loaded");
        }
        return keys.get(0);
    }

    /** The keys to publish and accept: the current one, and older ones while their tokens can live. */
    public List<LoadedKey> published() {
        List<LoadedKey> all = keys;
        Instant now = Instant.now();
        return all.stream().filter(key -> {
            int index = all.indexOf(key);
            if (index == 0) {
                return true;
            }
            Instant supersededAt = all.get(index - 1).createdAt();
            return supersededAt.plus(config.longestTokenLife()).plusSeconds(60).isAfter(now);
        }).toList();
    }

    public Optional<LoadedKey> published(String kid) {
        return published().stream().filter(key -> key.kid().equals(kid)).findFirst();
    }

    private List<SigningKeyRecord> load() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> SigningKeyRecord.<SigningKeyRecord>listAll()));
    }

    private void create() throws Throwable {
        KeyPair pair = RsaSigningKeys.generate();
        SigningKeyRecord record = new SigningKeyRecord();
        record.kid = Bytes.base64Url(SecureRandoms.bytes(12));
        record.algorithm = ALGORITHM;
        record.publicKey = pair.getPublic().getEncoded();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try (SecretBytes privateKey = new SecretBytes(pkcs8)) {
            record.privateKeyWrapped = KeyWrap.wrap(privateKey, keyEncryptionKey, aad(record.kid));
        }
        record.createdAt = Instant.now();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(record::persist));
        LOG.infof("new access-token signing key %s", record.kid);
    }

    private LoadedKey loadKey(SigningKeyRecord record) {
        RSAPrivateKey privateKey;
        try (SecretBytes pkcs8 = KeyWrap.unwrap(record.privateKeyWrapped, keyEncryptionKey, aad(record.kid))) {
            privateKey = RsaSigningKeys.privateKey(pkcs8.bytes());
        }
        return new LoadedKey(record.kid, record.createdAt, RsaSigningKeys.publicKey(record.publicKey), privateKey);
    }

    private static byte[] aad(String kid) {
        return ("panzoto-auth-signing-key:" + kid).getBytes(StandardCharsets.UTF_8);
    }
}
