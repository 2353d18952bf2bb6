package io.panzoto.messaging.notify;

import io.panzoto.messaging.events.LinkRevoked;
import io.panzoto.messaging.events.MessageReceived;
import io.panzoto.platform.inbox.InboundEvent;
import io.panzoto.platform.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** {@code /ws/links}' part of the replica feed: new messages go to the link's subscribers; a revoked link ends them. */
@ApplicationScoped
public class LinkNotifications implements ReplicaFeed.Listener {
    private final Subscribers subscribers;
    private final Inbox inbox;

    public LinkNotifications(Subscribers subscribers, Inbox inbox) {
        this.subscribers = subscribers;
        this.inbox = inbox;
    }

    @Override
    public Set<String> topics() {
        return Set.of(MessageReceived.TOPIC, LinkRevoked.TOPIC);
    }

    @Override
    public void on(String topic, InboundEvent event) {
        if (LinkRevoked.TOPIC.equals(topic)) {
            LinkRevoked revoked = inbox.body(event, LinkRevoked.class);
            subscribers.revoke(revoked.clientId(), revoked.reason() == null ? "revoked" : revoked.reason());
        } else {
            MessageReceived received = inbox.body(event, MessageReceived.class);
            subscribers.notify(received.clientId(), received.messageId());
        }
    }
}
