package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Progress and outcome of a job, reported by the worker that trains it. {@code status} is
 * {@code running}, {@code paused}, {@code succeeded}, {@code failed} or {@code cancelled}, or
 * {@code queued} when a worker that is shutting down hands the job back; the fields that do not apply to a
 * status are left out of the JSON.
 *
 * @param checkpoint     paused and queued (handed back): where training continues from
 * @param evaluation     succeeded: final evaluation of the kept model on the validation split
 * @param parameterCount succeeded: trainable parameters of the model
 * @param bestEpoch      succeeded: the epoch whose weights were kept (early stopping keeps the best)
 * @param stopReason     succeeded: {@code completed}, {@code early_stopping} or {@code max_runtime}
 * @param workerId       the worker that reported it: the job API ignores reports from a worker the job
 *                       is no longer assigned to (it was requeued after that worker fell silent)
 * @param tenant         the job's tenant (see {@link Tenants}); absent in events from before tenancy
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobProgressEvent(UUID jobId, JobStatus status, double progressPercent, int currentEpoch,
        int totalEpochs, Long etaSeconds, String device, Map<String, Double> finalMetrics, String modelUri,
        String modelChecksum, String errorMessage, Instant occurredAt, CheckpointRef checkpoint,
        Evaluation evaluation, Long parameterCount, Integer bestEpoch, String stopReason, String workerId,
        String tenant) {

    /** The same report, signed by the worker that sends it. */
    public JobProgressEvent from(String worker) {
        return new JobProgressEvent(jobId, status, progressPercent, currentEpoch, totalEpochs, etaSeconds, device,
                finalMetrics, modelUri, modelChecksum, errorMessage, occurredAt, checkpoint, evaluation,
                parameterCount, bestEpoch, stopReason, worker, tenant);
    }

    /** The same report, naming the job's tenant. */
    public JobProgressEvent forTenant(String jobTenant) {
        return new JobProgressEvent(jobId, status, progressPercent, currentEpoch, totalEpochs, etaSeconds, device,
                finalMetrics, modelUri, modelChecksum, errorMessage, occurredAt, checkpoint, evaluation,
                parameterCount, bestEpoch, stopReason, workerId, jobTenant);
    }

    /** The same running report, carrying the periodic checkpoint saved after its epoch. */
    public JobProgressEvent withCheckpoint(CheckpointRef saved) {
        return new JobProgressEvent(jobId, status, progressPercent, currentEpoch, totalEpochs, etaSeconds, device,
                finalMetrics, modelUri, modelChecksum, errorMessage, occurredAt, saved, evaluation, parameterCount,
                bestEpoch, stopReason, workerId, tenant);
    }

    /** @param eta seconds left, null while unknown (before the run's first batch) */
    public static JobProgressEvent running(UUID jobId, double percent, int epoch, int totalEpochs, Long eta,
            String device, Instant at) {
        return new JobProgressEvent(jobId, JobStatus.RUNNING, percent, epoch, totalEpochs, eta, device, null, null,
                null, null, at, null, null, null, null, null, null, null);
    }

    /** @param lastEpoch the last epoch trained (before {@code totalEpochs} when stopped early) */
    public static JobProgressEvent succeeded(UUID jobId, int lastEpoch, int totalEpochs, String device,
            Map<String, Double> finalMetrics, String modelUri, String modelChecksum, Evaluation evaluation,
            long parameterCount, int bestEpoch, String stopReason, Instant at) {
        return new JobProgressEvent(jobId, JobStatus.SUCCEEDED, 100.0, lastEpoch, totalEpochs, 0L, device,
                Map.copyOf(finalMetrics), modelUri, modelChecksum, null, at, null, evaluation, parameterCount,
                bestEpoch, stopReason, null, null);
    }

    public static JobProgressEvent failed(UUID jobId, int epoch, int totalEpochs, String error, Instant at) {
        return new JobProgressEvent(jobId, JobStatus.FAILED, 0, epoch, totalEpochs, null, null, null, null, null,
                error, at, null, null, null, null, null, null, null);
    }

    public static JobProgressEvent cancelled(UUID jobId, int epoch, int totalEpochs, Instant at) {
        return new JobProgressEvent(jobId, JobStatus.CANCELLED, 0, epoch, totalEpochs, null, null, null, null, null,
                null, at, null, null, null, null, null, null, null);
    }

    /**
     * The worker is shutting down and gives the job back to the queue, to be continued from {@code checkpoint}
     * (null: from the start) by whichever worker the scheduler picks next.
     */
    public static JobProgressEvent handedBack(UUID jobId, double percent, int epoch, int totalEpochs, String device,
            CheckpointRef checkpoint, Instant at) {
        return new JobProgressEvent(jobId, JobStatus.QUEUED, percent, epoch, totalEpochs, null, device, null, null,
                null, null, at, checkpoint, null, null, null, null, null, null);
    }

    public static JobProgressEvent paused(UUID jobId, double percent, int epoch, int totalEpochs, String device,
            CheckpointRef checkpoint, Instant at) {
        return new JobProgressEvent(jobId, JobStatus.PAUSED, percent, epoch, totalEpochs, null, device, null, null,
                null, null, at, checkpoint, null, null, null, null, null, null);
    }
}
