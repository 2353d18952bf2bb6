package io.panzoto.diary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** diary-service settings (application.properties; the ticket key from the environment). */
@ConfigMapping(prefix = "panzoto.diary")
public interface DiaryConfig {
    /** Base64 of the X25519 secret key that opens data-key tickets (its public half is auth-service's to seal to). */
    String ticketPrivateKey();

    /** The largest entry body, plaintext (uce) or ciphertext (e2e), in bytes: beyond it 413. */
    @WithDefault("65536")
    int maxEntryBytes();

    /** How long a deleted entry stays in the trash before it is purged. */
    @WithDefault("P30D")
    Duration trashRetention();

    @WithDefault("20")
    int defaultPageSize();

    @WithDefault("100")
    int maxPageSize();
}
