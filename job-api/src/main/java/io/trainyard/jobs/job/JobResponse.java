package io.trainyard.jobs.job;

import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job as the API shows it.
 *
 * @param queuePosition 1-based place in the queue while the job waits for a worker slot, else null
 * @param workerId      the worker the scheduler gave the job to
 * @param experimentId  the experiment the job belongs to; null for none
 * @param attempts      how many times it was handed to a worker (more than one after a worker was lost)
 * @param testRows      rows held out for the final test evaluation ({@code hyperparameters.test_split}); 0 for none
 */
public record JobResponse(UUID id, String tenant, String owner, String name, UUID datasetId, Integer datasetVersion,
        String modelFamily,
        String modelName, Integer modelVersion, JobStatus status, Hyperparameters hyperparameters, double validationSplit,
        long trainRows, long valRows, long testRows, double progressPercent, int currentEpoch, int totalEpochs, Long etaSeconds,
        String device, Map<String, Double> finalMetrics, Evaluation evaluation, Long parameterCount,
        Integer bestEpoch, String stopReason, String modelUri, String modelChecksum, CheckpointRef checkpoint,
        String errorMessage, boolean cancelRequested, boolean pauseRequested, String description, UUID experimentId,
        java.util.List<String> tags, UUID retryOf, java.util.List<UUID> retriedAs, Long estimatedDurationSeconds,
        JobPriority priority, Long queuePosition, String workerId, int attempts, Instant createdAt,
        Instant queuedAt, Instant dispatchedAt, Instant updatedAt, Instant startedAt, Instant finishedAt) {
}
