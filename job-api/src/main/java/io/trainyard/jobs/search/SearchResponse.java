package io.trainyard.jobs.search;

import io.trainyard.contracts.JobStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A search as the API shows it, with its trials.
 *
 * @param best  the best finished trial so far (the search's result once it succeeded); null before one finished
 */
public record SearchResponse(UUID id, String tenant, String owner, String name, String status, String message,
        UUID experimentId, UUID datasetId, String modelFamily, String modelName, Map<String, Object> space,
        String metric, String direction, String strategy, Budget budget, EarlyStopping earlyStopping, long seed,
        Map<String, Object> job, int trialsStarted, int trialsRunning, Trial best, Integer bestModelVersion,
        List<Trial> trials, Instant createdAt, Instant deadlineAt, Instant finishedAt) {

    public record Budget(int maxTrials, int maxParallel, long maxRuntimeSeconds) {
    }

    public record EarlyStopping(String type, int graceEpochs, int reductionFactor) {
    }

    /**
     * @param value          the search's metric: the final one; the rung's for a trial stopped early
     * @param stoppedAtEpoch where ASHA stopped it; null otherwise
     * @param epochs         epochs it trained (its current epoch while it runs)
     */
    public record Trial(int number, UUID jobId, JobStatus status, Map<String, Object> params, Double value,
            Integer stoppedAtEpoch, Integer epochs) {
    }
}
