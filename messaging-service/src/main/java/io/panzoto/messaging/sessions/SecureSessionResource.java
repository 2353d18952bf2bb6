package io.panzoto.messaging.sessions;

import io.panzoto.messaging.files.SessionFiles;
import io.panzoto.messaging.keys.SessionKeys;
import io.panzoto.messaging.sessions.SessionViews.AckRequest;
import io.panzoto.messaging.sessions.SessionViews.Acknowledgement;
import io.panzoto.messaging.sessions.SessionViews.CreateRequest;
import io.panzoto.messaging.sessions.SessionViews.JoinRequest;
import io.panzoto.messaging.sessions.SessionViews.MessagePage;
import io.panzoto.messaging.sessions.SessionViews.MessageRequest;
import io.panzoto.messaging.sessions.SessionViews.SessionList;
import io.panzoto.messaging.sessions.SessionViews.SessionView;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** SecureSession's session routes (seed 004): signed-in users only; a session is seen by its participants alone. */
@Path("/api/sessions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SecureSessionResource {
    private final Caller caller;
    private final SecureSessions sessions;

    private final SessionFiles files;
    private final SessionKeys keys;

    public SecureSessionResource(Caller caller, SecureSessions sessions, SessionFiles files, SessionKeys keys) {
        this.keys = keys;
        this.caller = caller;
        this.sessions = sessions;
        this.files = files;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(CreateRequest request) {
        return sessions.create(caller.userId(), request).map(view -> Response.status(201).entity(view).build());
    }

    /** The caller's live sessions, newest first. */
    @GET
    public Uni<SessionList> mine() {
        return sessions.mine(caller.userId()).map(SessionList::new);
    }

    @GET
    @Path("{id}")
    public Uni<SessionView> get(@PathParam("id") String id) {
        return sessions.get(caller.userId(), id);
    }

    /** Ends the session for everyone: it and everything in it is destroyed. */
    @DELETE
    @Path("{id}")
    public Uni<Response> end(@PathParam("id") String id) {
        return sessions.end(caller.userId(), id).replaceWith(Response.noContent().build());
    }

    /** A single-use invitation to this session (any participant may invite). */
    @POST
    @Path("{id}/invites")
    public Uni<Response> invite(@PathParam("id") String id) {
        return sessions.invite(caller.userId(), id).map(invite -> Response.status(201).entity(invite).build());
    }

    /** Joins the session an invitation opens. */
    @POST
    @Path("join")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SessionView> join(JoinRequest request) {
        return sessions.join(caller.userId(), request == null ? null : request.inviteToken());
    }

    @POST
    @Path("{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> post(@PathParam("id") String id, MessageRequest message) {
        return sessions.post(caller.userId(), id, message).map(posted -> Response.status(201).entity(posted).build());
    }

    /** Read receipts; in a burn-after-reading session a message read by everyone is destroyed. */
    @POST
    @Path("{id}/messages/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Acknowledgement> acknowledge(@PathParam("id") String id, AckRequest request) {
        return sessions.acknowledge(caller.userId(), id, request == null ? null : request.messageIds());
    }

    @GET
    @Path("{id}/messages")
    public Uni<MessagePage> messages(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                     @QueryParam("limit") String limit) {
        return sessions.messages(caller.userId(), id, cursor, limit);
    }

    /** The session's files (sent with {@code POST /api/files/upload}), oldest first. */
    @GET
    @Path("{id}/files")
    public Uni<SessionFiles.FileList> files(@PathParam("id") String id) {
        return files.list(caller.userId(), id);
    }

    /**
     * Posts the caller's ephemeral X25519 key for this session, signed by its registered Ed25519 identity
     * key (the signature is checked against auth-service's registry); posting again rekeys.
     */
    @POST
    @Path("{id}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> postKey(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
                                 SessionKeys.KeyRequest request) {
        return keys.post(caller.userId(), bearer, id, request).map(key -> Response.status(201).entity(key).build());
    }

    /** Every participant's session key so far, with signature and identity key for the client to check again. */
    @GET
    @Path("{id}/keys")
    public Uni<SessionKeys.KeySet> keys(@PathParam("id") String id) {
        return keys.keys(caller.userId(), id);
    }
}
