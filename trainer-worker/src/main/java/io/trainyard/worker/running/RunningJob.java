package io.trainyard.worker.running;

import java.util.Optional;
import java.util.UUID;

/**
 * One job training on this worker, from the moment its command was accepted until its run is over: the
 * attempt it runs and what was asked of it since. The training thread reads the flags between batches;
 * the consumers set them through {@link RunningJobs}.
 *
 * @see RunningJobs
 */
public final class RunningJob {
    private final UUID jobId;
    private final Integer attempt;
    private volatile boolean cancelled;
    private volatile boolean pauseRequested;
    private volatile boolean handBackRequested;
    private volatile String newWorker;

    RunningJob(UUID jobId, Integer attempt, boolean cancelled, boolean handBack) {
        this.jobId = jobId;
        this.attempt = attempt;
        this.cancelled = cancelled;
        this.handBackRequested = handBack;
    }

    public UUID jobId() {
        return jobId;
    }

    /** The command's {@code attempt}; null for commands without one. */
    public Integer attempt() {
        return attempt;
    }

    /** A cancel was broadcast for the job, before or after it started here. */
    public boolean cancelled() {
        return cancelled;
    }

    /** The job pauses after its current batch. */
    public boolean pauseRequested() {
        return pauseRequested;
    }

    /**
     * The worker is draining: the job stops after its current batch with a checkpoint and goes back to the
     * queue (a job that has not started yet goes back at once).
     */
    public boolean handBackRequested() {
        return handBackRequested;
    }

    /**
     * The worker the scheduler gave the job to while it trains here (it took this worker for lost): the run
     * stops without reporting an outcome, since the job, its lineage run and its metrics are the other's now.
     */
    public Optional<String> newWorker() {
        return Optional.ofNullable(newWorker);
    }

    void cancel() {
        cancelled = true;
    }

    void requestPause() {
        pauseRequested = true;
    }

    void requestHandBack() {
        handBackRequested = true;
    }

    /**
     * Gives the job up to a later dispatch. Commands of a job share its partition, so one read now came
     * after ours; only a re-sent older command (the outbox delivers at least once) has a lower or equal
     * {@code attempt}. Without attempts to compare, the order of arrival decides.
     *
     * @return false, changing nothing, for a re-sent older command
     */
    boolean reassign(String worker, Integer commandAttempt) {
        if (attempt != null && commandAttempt != null && commandAttempt <= attempt) {
            return false;
        }
        newWorker = worker;
        return true;
    }
}
