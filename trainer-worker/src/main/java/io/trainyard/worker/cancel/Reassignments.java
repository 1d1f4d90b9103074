package io.trainyard.worker.cancel;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jobs the job API's scheduler gave to another worker while they were still training here: it took this
 * worker for lost (no heartbeat within {@code trainyard.workers.timeout}, e.g. a long pause of the JVM)
 * and requeued them. The run stops between batches without reporting an outcome, since the job, its
 * lineage run and its metrics now belong to the other worker's run.
 */
@ApplicationScoped
public class Reassignments {
    private final Map<UUID, String> newWorkers = new ConcurrentHashMap<>();

    public void reassigned(UUID jobId, String newWorker) {
        newWorkers.put(jobId, newWorker);
    }

    /** The worker the job went to, if it was taken from this one. */
    public Optional<String> newWorker(UUID jobId) {
        return Optional.ofNullable(newWorkers.get(jobId));
    }

    /** The run here has ended: a later command that gives the job back to this worker trains it again. */
    public void forget(UUID jobId) {
        newWorkers.remove(jobId);
    }
}
