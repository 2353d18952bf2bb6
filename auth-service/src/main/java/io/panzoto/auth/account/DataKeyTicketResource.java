package io.panzoto.auth.account;

import io.panzoto.auth.account.AccountRequests.PasswordConfirmation;
import io.panzoto.platform.errors.ApiException;
import io.panzoto.platform.errors.MissingFields;
import io.panzoto.platform.errors.Outcome;
import io.panzoto.platform.security.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * {@code POST /api/v1/auth/data-key-ticket}: a uce user's data key, sealed to diary-service for this
 * session ({@link DataKeyTickets}); the client sends it to diary-service in {@code X-Data-Key-Ticket}.
 */
@Path("/api/v1/auth/data-key-ticket")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DataKeyTicketResource {
    private final Caller caller;
    private final DataKeyTickets tickets;

    public DataKeyTicketResource(Caller caller, DataKeyTickets tickets) {
        this.caller = caller;
        this.tickets = tickets;
    }

    @POST
    public Uni<DataKeyTickets.Issued> issue(@Valid @NotNull(message = AccountRequests.PASSWORD_REQUIRED, payload = MissingFields.class)
                                   PasswordConfirmation confirmation) {
        UUID sessionId = caller.sessionId();
        if (sessionId == null) {
            // A token from before sessions were named: its session cannot be ended alone, so it gets no ticket.
            throw ApiException.unauthorized("token_invalid", "sign in again to get a data-key ticket");
        }
        return tickets.issue(caller.userId(), sessionId, confirmation.password()).map(Outcome::orThrow);
    }
}
