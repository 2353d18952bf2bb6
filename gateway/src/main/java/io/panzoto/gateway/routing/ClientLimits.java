package io.panzoto.gateway.routing;

import io.panzoto.gateway.GatewayConfig;
import io.panzoto.ratelimit.TokenBuckets;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Token buckets per client address by route group, per signed-in user and per simplex link. Each
 * check takes one request and answers {@link Duration#ZERO}, or how long until one is free.
 */
@Singleton
public class ClientLimits {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final Map<Route.LimitGroup, TokenBuckets> byAddress = new EnumMap<>(Route.LimitGroup.class);
    private final TokenBuckets byUser;
    private final TokenBuckets byLink;

    public ClientLimits(GatewayConfig config) {
        GatewayConfig.Limits limits = config.limits();
        byAddress.put(Route.LimitGroup.CREDENTIALS, new TokenBuckets(limits.credentialsPerMinute(), MINUTE));
        byAddress.put(Route.LimitGroup.SIMPLEX_SEND, new TokenBuckets(limits.simplexSendPerMinute(), MINUTE));
        byAddress.put(Route.LimitGroup.DEFAULT, new TokenBuckets(limits.defaultPerMinute(), MINUTE));
        byAddress.put(Route.LimitGroup.UPLOAD, new TokenBuckets(limits.uploadPerMinute(), MINUTE));
        byUser = new TokenBuckets(limits.perUserPerMinute(), MINUTE);
        byLink = new TokenBuckets(limits.simplexSendPerLinkPerMinute(), MINUTE);
    }

    Duration forAddress(Route.LimitGroup group, String address) {
        return byAddress.get(group).tryAcquire(address);
    }

    Duration forUser(String userId) {
        return byUser.tryAcquire(userId);
    }

    Duration forLink(String linkToken) {
        return byLink.tryAcquire(linkToken);
    }

    @Scheduled(identity = "gateway-limit-cleanup", every = "5m")
    void forgetIdle() {
        byAddress.values().forEach(TokenBuckets::forgetFull);
        byUser.forgetFull();
        byLink.forgetFull();
    }
}
