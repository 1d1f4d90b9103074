package io.trainyard.jobs.live;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.jobs.job.JobRepository;
import io.trainyard.support.identity.CurrentCaller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Ids;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Duration;
import java.util.UUID;

/**
 * Live job updates as Server-Sent Events: {@code id:} is the live event id, {@code event:} its type,
 * {@code data:} the JSON message. A client that reconnects with {@code Last-Event-ID} gets exactly
 * what it missed (as long as it is younger than {@code trainyard.live.retention}).
 */
@Path("/api/v1/training")
@Tag(name = "Live updates")
public class LiveResource {
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final LiveFeed feed;
    private final JobRepository jobs;
    private final Duration keepAlive;
    private final CurrentCaller caller;

    public LiveResource(LiveFeed feed, JobRepository jobs, JobApiConfig config, CurrentCaller caller) {
        this.caller = caller;
        this.feed = feed;
        this.jobs = jobs;
        this.keepAlive = config.live().keepAlive();
    }

    @GET
    @Path("/jobs/{id}/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow one job live",
            description = "Replays the job's events (after Last-Event-ID, or all of them), then sends new ones.")
    @KnownJob
    public Multi<OutboundSseEvent> job(@PathParam("id") String id, @HeaderParam(LAST_EVENT_ID) String lastEventId,
            @QueryParam("last_event_id") String lastEventIdParam, @Context Sse sse) {
        Long after = resumeFrom(lastEventId, lastEventIdParam);
        return send(sse, feed.stream(UUID.fromString(id), null, after == null ? 0L : after));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Follow all jobs live",
            description = "Sends the events of every job of the caller's tenant (an operator: of every tenant, or "
                    + "of `tenant`) from now on, or from after Last-Event-ID.")
    public Multi<OutboundSseEvent> all(@HeaderParam(LAST_EVENT_ID) String lastEventId,
            @QueryParam("last_event_id") String lastEventIdParam, @QueryParam("tenant") String tenant,
            @Context Sse sse) {
        return send(sse, feed.stream(null, caller.get().listScope(tenant), resumeFrom(lastEventId, lastEventIdParam)));
    }

    /**
     * Runs before {@link #job}: an unknown job (or another tenant's) is a 404 problem, a malformed id a 400, not an
     * empty stream.
     */
    @ServerRequestFilter
    @KnownJob
    Uni<Response> requireJob(UriInfo uri) {
        UUID jobId = Ids.parse(uri.getPathParameters().getFirst("id"), "id");
        return jobs.visible(caller.get(), jobId).replaceWith((Response) null);
    }

    private Multi<OutboundSseEvent> send(Sse sse, Multi<LiveEvent> events) {
        // A comment at once (the client knows it is subscribed) and then regularly, so that proxies
        // and load balancers do not close a quiet stream.
        OutboundSseEvent ping = sse.newEventBuilder().comment("keep-alive").build();
        Multi<OutboundSseEvent> pings = Multi.createBy().concatenating().streams(Multi.createFrom().item(ping),
                Multi.createFrom().ticks().every(keepAlive).onOverflow().drop().map(tick -> ping));
        return Multi.createBy().merging().streams(events.map(event -> sse.newEventBuilder()
                .id(Long.toString(event.id())).name(event.type()).data(event.message()).build()), pings);
    }

    /** The header wins; the query parameter is for clients that cannot set headers. */
    private static Long resumeFrom(String header, String query) {
        String value = header != null ? header : query;
        if (value == null) {
            return null;
        }
        try {
            long id = Long.parseLong(value.trim());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest(header != null ? LAST_EVENT_ID : "last_event_id",
                "must be a live event id (a non-negative integer), got \"" + value + "\"");
    }
}
