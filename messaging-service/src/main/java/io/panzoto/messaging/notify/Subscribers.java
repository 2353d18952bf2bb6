package io.panzoto.messaging.notify;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import jakarta.inject.Singleton;

/** This replica's WebSocket subscribers, by link id. Each subscriber is told the ids of new messages. */
@Singleton
public final class Subscribers {
    private final Map<Long, Set<Subscriber>> byLink = new ConcurrentHashMap<>();

    /** One subscription: a connection's listeners for one link's new messages and for its revocation. */
    public record Subscriber(String connectionId, LongConsumer onMessage, Consumer<String> onRevoked) {
    }

    public void add(long linkId, Subscriber subscriber) {
        byLink.computeIfAbsent(linkId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
    }

    /** Removes every subscription of a connection. */
    public void removeConnection(String connectionId) {
        byLink.values().forEach(set -> set.removeIf(subscriber -> subscriber.connectionId().equals(connectionId)));
        byLink.values().removeIf(Set::isEmpty);
    }

    public void notify(long linkId, long messageId) {
        Set<Subscriber> subscribers = byLink.get(linkId);
        if (subscribers != null) {
            subscribers.forEach(subscriber -> subscriber.onMessage().accept(messageId));
        }
    }

    /** The link's credentials changed or it is gone: its subscriptions end, each told why. */
    public void revoke(long linkId, String reason) {
        Set<Subscriber> subscribers = byLink.remove(linkId);
        if (subscribers != null) {
            subscribers.forEach(subscriber -> subscriber.onRevoked().accept(reason));
        }
    }

    public int size() {
        return byLink.values().stream().mapToInt(Set::size).sum();
    }
}
