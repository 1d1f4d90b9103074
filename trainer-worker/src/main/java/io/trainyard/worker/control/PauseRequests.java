package io.trainyard.worker.control;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The jobs training on this worker right now, and whether a pause was requested for them. Unlike a
 * cancel, a pause for a job that is not running here is dropped: a queued job is simply not started
 * yet, and a job on another worker is that worker's business (every worker sees every pause).
 */
@ApplicationScoped
public class PauseRequests {
    private final ConcurrentHashMap<UUID, AtomicBoolean> running = new ConcurrentHashMap<>();

    /** Called when a job starts training here. */
    public void started(UUID jobId) {
        running.put(jobId, new AtomicBoolean(false));
    }

    /** Called when the job's run is over, whatever the outcome. */
    public void finished(UUID jobId) {
        running.remove(jobId);
    }

    /** @return whether the job runs here (and will pause after its current batch) */
    public boolean request(UUID jobId) {
        AtomicBoolean flag = running.get(jobId);
        if (flag == null) {
            return false;
        }
        flag.set(true);
        return true;
    }

    public boolean isRequested(UUID jobId) {
        AtomicBoolean flag = running.get(jobId);
        return flag != null && flag.get();
    }

    public boolean isRunning(UUID jobId) {
        return running.containsKey(jobId);
    }
}
