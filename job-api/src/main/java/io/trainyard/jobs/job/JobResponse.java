package io.trainyard.jobs.job;

import io.trainyard.contracts.JobStatus;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

public record JobResponse(UUID id, String name, UUID datasetId, String modelFamily, JobStatus status,
        Map<String, Object> hyperparameters, double validationSplit, long trainRows, long valRows,
        double progressPercent, int currentEpoch, int totalEpochs, Long etaSeconds, String device,
        Map<String, Double> finalMetrics, String modelUri, String modelChecksum, String errorMessage,
        boolean cancelRequested, Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt) {

    public static JobResponse of(TrainingJob j) {
        return new JobResponse(j.id, j.name, j.datasetId, j.modelFamily, j.status, j.hyperparameters,
                j.validationSplit, j.trainRows, j.valRows, j.progressPercent, j.currentEpoch, j.totalEpochs,
                j.etaSeconds, j.device, j.finalMetrics, j.modelUri, j.modelChecksum, j.errorMessage,
                j.cancelRequestedAt != null, j.createdAt, j.updatedAt, j.startedAt, j.finishedAt);
    }
}
