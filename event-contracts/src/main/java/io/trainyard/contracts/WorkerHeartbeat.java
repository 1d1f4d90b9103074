package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * A worker saying it is alive, every few seconds: how many jobs it can train at once and which it is
 * training. A snapshot: the latest one per worker is the truth, older ones can be dropped.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkerHeartbeat(String workerId, int slots, List<UUID> runningJobs, Instant sentAt) {
    public WorkerHeartbeat {
        runningJobs = List.copyOf(runningJobs);
    }

    /** A snapshot of the jobs training on the worker now (copied: the worker's set changes under it). */
    public static WorkerHeartbeat of(String workerId, int slots, Collection<UUID> runningJobs, Instant at) {
        return new WorkerHeartbeat(workerId, slots, List.copyOf(runningJobs), at);
    }
}
