package io.trainyard.jobs.live;

import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.trainyard.jobs.job.JobRepository;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.identity.CurrentCaller;

import java.util.List;
import java.util.UUID;

/**
 * One job's live events over a WebSocket: its history, then what happens, one JSON message each
 * (the SSE stream's {@code data}). A client that reconnects with {@code ?last_event_id=N} (the
 * {@code id} of the last message it got) receives only what came after. A malformed or unknown job
 * id, or a malformed {@code last_event_id}, closes the socket with a reason. The upgrade needs a bearer token or,
 * from a browser, {@code ?ticket=} (io.trainyard.jobs.live.ticket).
 */
@WebSocket(path = "/ws/training/{jobId}")
@Authenticated
public class TrainingSocket {
    static final int MALFORMED_ID = 4400;
    static final int UNKNOWN_JOB = 4404;

    private final LiveFeed feed;
    private final JobRepository jobs;
    private final CurrentCaller caller;

    public TrainingSocket(LiveFeed feed, JobRepository jobs, CurrentCaller caller) {
        this.caller = caller;
        this.feed = feed;
        this.jobs = jobs;
    }

    @OnOpen
    public Multi<String> open(@PathParam("jobId") String jobId, WebSocketConnection connection) {
        UUID id;
        try {
            id = UUID.fromString(jobId);
        } catch (IllegalArgumentException e) {
            return close(connection, new CloseReason(MALFORMED_ID, "job id must be a UUID, got \"" + jobId + "\""));
        }
        List<String> resume = new QueryStringDecoder(connection.handshakeRequest().path() + "?"
                + connection.handshakeRequest().query()).parameters().getOrDefault("last_event_id", List.of());
        long after;
        try {
            after = resume.isEmpty() ? 0L : Long.parseLong(resume.get(0));
        } catch (NumberFormatException e) {
            after = -1;
        }
        if (after < 0) {
            return close(connection, new CloseReason(MALFORMED_ID, "last_event_id must be a live event id (a"
                    + " non-negative integer), got \"" + resume.get(0) + "\""));
        }
        long from = after;
        Caller who = caller.get();
        // Another tenant's job is as unknown as one that never was.
        return jobs.findById(id).onItem().transformToMulti(job -> job == null || !who.canRead(job.tenant)
                ? close(connection, new CloseReason(UNKNOWN_JOB, "job " + id + " does not exist"))
                : feed.stream(id, null, from).map(LiveEvent::message));
    }

    private static Multi<String> close(WebSocketConnection connection, CloseReason reason) {
        return connection.close(reason).onItem().transformToMulti(closed -> Multi.createFrom().empty());
    }
}
