package io.trainyard.worker.running;

import io.trainyard.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The jobs training on this worker and everything asked of them: the command consumer starts and finishes
 * them and reports reassignments, the control consumer cancels and pauses them, the trainer polls them
 * between batches and the heartbeats list them. Every start and finish fires {@link Changed}, so that a
 * heartbeat follows at once.
 *
 * <p>When the worker shuts down it {@link #drain drains}: every running job, and every job that starts from
 * then on, is handed back to the queue at its next batch, and {@link #awaitIdle} lets shutdown wait for
 * that.
 *
 * <p>A cancel is remembered for a while also for a job that is not running here (yet): every worker sees
 * every cancel, and a start command that arrives after its cancel must not train. A pause for a job not
 * running here is dropped: a queued job is simply not started yet, and a job on another worker is that
 * worker's business.
 */
@ApplicationScoped
public class RunningJobs {
    private static final Logger LOG = Logger.getLogger(RunningJobs.class);

    /** The set of running jobs changed: a job started or finished here. */
    public record Changed() {
    }

    private final RecentCancels cancels;
    private final Runnable onChange;
    /** Guarded by {@code this}, with {@link #cancels}: a cancel and a start must not miss each other. */
    private final Map<UUID, RunningJob> running = new HashMap<>();
    private boolean draining;

    @Inject
    public RunningJobs(WorkerConfig config, Event<Changed> changes) {
        this(new RecentCancels(config.worker().cancellations().maxEntries(), config.worker().cancellations().ttl(),
                Clock.systemUTC()), () -> changes.fire(new Changed()));
    }

    RunningJobs(RecentCancels cancels, Runnable onChange) {
        this.cancels = cancels;
        this.onChange = onChange;
    }

    /**
     * Records a job as training here, cancelled already if a cancel for it was seen.
     *
     * @param attempt the command's {@code attempt}, null if it has none
     * @return empty when the job is already training here (a duplicate command)
     */
    public Optional<RunningJob> start(UUID jobId, Integer attempt) {
        RunningJob job;
        synchronized (this) {
            if (running.containsKey(jobId)) {
                return Optional.empty();
            }
            job = new RunningJob(jobId, attempt, cancels.contains(jobId), draining);
            running.put(jobId, job);
        }
        // Outside the lock: a listener may read the registry (the heartbeat lists the running jobs).
        onChange.run();
        return Optional.of(job);
    }

    /**
     * The job's run here is over, whatever its outcome, and its command acknowledged; a later command for it
     * trains it again.
     */
    public void finish(UUID jobId) {
        boolean removed;
        synchronized (this) {
            removed = running.remove(jobId) != null;
            if (running.isEmpty()) {
                notifyAll();
            }
        }
        if (removed) {
            onChange.run();
        }
    }

    /**
     * The worker is shutting down: every job running here is handed back to the queue after its current batch,
     * and jobs that start from now on are handed back before they train.
     *
     * @return the jobs running now
     */
    public List<UUID> drain() {
        List<UUID> handedBack;
        synchronized (this) {
            draining = true;
            running.values().forEach(RunningJob::requestHandBack);
            handedBack = List.copyOf(running.keySet());
        }
        onChange.run(); // the heartbeat says so at once: the scheduler must stop sending jobs here
        return handedBack;
    }

    public synchronized boolean draining() {
        return draining;
    }

    /** Waits until no job runs here any more (every run finished and acknowledged), at most {@code timeout}. */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The ids of the jobs training here now. */
    public synchronized List<UUID> ids() {
        return List.copyOf(running.keySet());
    }

    /** A cancel for the job: it stops before its next batch, or never starts if it is not running here yet. */
    public synchronized void cancel(UUID jobId) {
        cancels.add(jobId);
        RunningJob job = running.get(jobId);
        if (job != null) {
            job.cancel();
        }
    }

    /** Whether a cancel for the job was seen (and, for a job not running here, not yet forgotten). */
    public synchronized boolean isCancelled(UUID jobId) {
        RunningJob job = running.get(jobId);
        return job != null && job.cancelled() || cancels.contains(jobId);
    }

    /** @return whether the job runs here (and will pause after its current batch) */
    public synchronized boolean requestPause(UUID jobId) {
        RunningJob job = running.get(jobId);
        if (job == null) {
            return false;
        }
        job.requestPause();
        return true;
    }

    /**
     * A command gave the job to another worker: if it is training here and the command is a later dispatch
     * than ours, the run here stops between batches without reporting an outcome.
     *
     * @param attempt the command's {@code attempt}, null if it has none
     * @return whether the run here is given up
     */
    public synchronized boolean reassign(UUID jobId, String newWorker, Integer attempt) {
        RunningJob job = running.get(jobId);
        if (job == null) {
            return false;
        }
        if (!job.reassign(newWorker, attempt)) {
            LOG.infof("job %s: a re-sent older command (attempt %d, for worker %s) is ignored; this worker runs "
                    + "attempt %d", jobId, attempt, newWorker, job.attempt());
            return false;
        }
        return true;
    }
}
