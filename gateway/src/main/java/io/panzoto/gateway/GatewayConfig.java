package io.panzoto.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The services behind the gateway and how long the gateway waits for them. */
@ConfigMapping(prefix = "panzoto.gateway")
public interface GatewayConfig {
    /** Downstream services by name (auth-service, audio-service, ...). */
    Map<String, Downstream> services();

    @WithDefault("2s")
    Duration healthTimeout();

    interface Downstream {
        URI url();
    }
}
