package io.trainyard.jobs.live.ticket;

import io.smallrye.mutiny.Uni;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;

@Path("/api/v1/live/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Live updates")
public class LiveTicketResource {

    /** A ticket for {@code ?ticket=} on a live stream. */
    public record TicketResponse(String ticket, Instant expiresAt) {
    }

    private final LiveTickets tickets;
    private final CurrentCaller caller;

    public LiveTicketResource(LiveTickets tickets, CurrentCaller caller) {
        this.tickets = tickets;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "A short-lived ticket for the live streams",
            description = "For clients that cannot send an Authorization header (a browser's EventSource and "
                    + "WebSocket): pass it as ?ticket= to /api/v1/training/stream, /api/v1/training/jobs/{id}/stream "
                    + "or /ws/training/{jobId} within its lifetime (trainyard.live.ticket-lifetime, 60 s). It "
                    + "stands for the caller and opens nothing but those streams. The request has no body.")
    public Uni<Response> issue(String body) {
        if (body != null && !body.isEmpty()) {
            // Nothing to read: a body is a client mistake, not something to ignore silently.
            throw ApiProblem.badRequest("body", "must be empty: a ticket is issued for the bearer token alone");
        }
        return tickets.issue(caller.get()).map(issued -> Response.status(201)
                .entity(new TicketResponse(issued.ticket(), issued.expiresAt())).build());
    }
}
