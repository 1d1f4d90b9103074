package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A worker saying it is alive, every few seconds: how many jobs it can train at once and which it is
 * training. A snapshot: the latest one per worker is the truth, older ones can be dropped.
 *
 * @param slots    what the worker offers the scheduler; 0 while it drains
 * @param draining the worker is shutting down: it takes no new job and hands its running ones back (absent,
 *                 i.e. false, from workers that predate it)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkerHeartbeat(String workerId, int slots, List<UUID> runningJobs, Instant sentAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean draining) {
    public WorkerHeartbeat {
        runningJobs = List.copyOf(runningJobs);
    }

    /** A snapshot of the jobs training on the worker now (copied: the worker's set changes under it). */
    public static WorkerHeartbeat of(String workerId, int slots, Collection<UUID> runningJobs, Instant at) {
        return new WorkerHeartbeat(workerId, slots, List.copyOf(runningJobs), at, false);
    }

    /** The beats of a worker that is shutting down: no slots to offer, its remaining jobs on their way back. */
    public static WorkerHeartbeat draining(String workerId, Collection<UUID> runningJobs, Instant at) {
        return new WorkerHeartbeat(workerId, 0, List.copyOf(runningJobs), at, true);
    }
}
