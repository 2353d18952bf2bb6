package io.panzoto.messaging.simplex;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The simplex rules, one transaction per command: links (register, find, rotate, delete), the mailbox
 * (deliver, fetch, acknowledge) and the recipient's proof, checked in the transaction that acts on it.
 */
@ApplicationScoped
public class SimplexService {
    private final Links links;
    private final Mailbox mailbox;
    private final RecipientAuth auth;

    public SimplexService(Links links, Mailbox mailbox, RecipientAuth auth) {
        this.links = links;
        this.mailbox = mailbox;
        this.auth = auth;
    }

    @WithTransaction
    public Uni<Links.Registered> register(String publicKey, String displayName) {
        return links.register(publicKey, displayName);
    }

    /** Stores a sealed box for the link's recipient; answers its id. One statement, its own transaction. */
    public Uni<Long> send(String linkToken, Mailbox.Letter letter) {
        return mailbox.deliver(links.storageHash(linkToken), letter);
    }

    @WithTransaction
    public Uni<String> challenge(String linkToken) {
        return links.find(linkToken).chain(auth::issueChallenge);
    }

    /**
     * A page of the link's messages. With the fetch token (the polling client's way) one statement reads
     * the link and the page, and the token is checked before anything is answered; a challenge is spent
     * in a transaction of its own first.
     */
    public Uni<Mailbox.Page> fetch(String linkToken, RecipientAuth.Proof proof, boolean includeSeen, Integer limit, Long beforeId) {
        String linkTokenHash = links.storageHash(linkToken);
        if (proof.hasChallenge()) {
            return recipientsLink(linkToken, proof)
                    .chain(link -> mailbox.fetch(linkTokenHash, includeSeen, limit, beforeId))
                    .map(Mailbox.LinkPage::page);
        }
        return mailbox.fetch(linkTokenHash, includeSeen, limit, beforeId).map(found -> {
            auth.requireFetchToken(found.fetchTokenHash(), proof);
            return found.page();
        });
    }

    @WithTransaction
    public Uni<Integer> acknowledge(String linkToken, RecipientAuth.Proof proof, List<Long> messageIds, boolean delete) {
        return authenticated(linkToken, proof).chain(link -> mailbox.acknowledge(link, messageIds, delete));
    }

    /** A new link token; the old one stops working. */
    @WithTransaction
    public Uni<String> rotateLink(String linkToken, RecipientAuth.Proof proof) {
        return authenticated(linkToken, proof).map(links::rotateLinkToken);
    }

    @WithTransaction
    public Uni<String> rotateFetchToken(String linkToken, RecipientAuth.Proof proof) {
        return authenticated(linkToken, proof).chain(links::rotateFetchToken);
    }

    @WithTransaction
    public Uni<Long> delete(String linkToken, RecipientAuth.Proof proof) {
        return authenticated(linkToken, proof).chain(links::delete);
    }

    /** The link as anyone holding its token may see it: id and public keys. */
    @WithSession
    public Uni<Links.PublicView> publicView(String linkToken) {
        return links.find(linkToken).map(Links::publicView);
    }

    /** The link, once the recipient proved it is theirs; for the WebSocket too. */
    @WithTransaction
    public Uni<SimplexLink> recipientsLink(String linkToken, RecipientAuth.Proof proof) {
        return authenticated(linkToken, proof);
    }

    private Uni<SimplexLink> authenticated(String linkToken, RecipientAuth.Proof proof) {
        return links.find(linkToken).call(link -> auth.verify(link, proof));
    }
}
