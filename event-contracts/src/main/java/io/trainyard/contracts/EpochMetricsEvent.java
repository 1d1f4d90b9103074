package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * One event per finished epoch. Classification fills the accuracy fields, regression the RMSE/MAE
 * fields; the others are absent. (job_id, epoch) identifies the point in the series.
 * {@code samples_per_second} is the training throughput of that epoch. {@code tenant} is the job's
 * (see {@link Tenants}; absent in events from before tenancy).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochMetricsEvent(UUID jobId, int epoch, int totalEpochs, double trainLoss, double valLoss,
        Double trainAccuracy, Double valAccuracy, Double valRmse, Double valMae, double learningRate,
        long epochDurationMs, Double samplesPerSecond, Instant occurredAt, String tenant) {

    /** An epoch of a classification job: accuracies, no RMSE/MAE. */
    public static EpochMetricsEvent classification(UUID jobId, int epoch, int totalEpochs, double trainLoss,
            double valLoss, double trainAccuracy, double valAccuracy, double learningRate, long epochDurationMs,
            double samplesPerSecond, Instant at) {
        return new EpochMetricsEvent(jobId, epoch, totalEpochs, trainLoss, valLoss, trainAccuracy, valAccuracy, null,
                null, learningRate, epochDurationMs, samplesPerSecond, at, null);
    }

    /** An epoch of a regression job: RMSE/MAE in the target's units, no accuracies. */
    public static EpochMetricsEvent regression(UUID jobId, int epoch, int totalEpochs, double trainLoss,
            double valLoss, double valRmse, double valMae, double learningRate, long epochDurationMs,
            double samplesPerSecond, Instant at) {
        return new EpochMetricsEvent(jobId, epoch, totalEpochs, trainLoss, valLoss, null, null, valRmse, valMae,
                learningRate, epochDurationMs, samplesPerSecond, at, null);
    }

    /** The same point, naming the job's tenant. */
    public EpochMetricsEvent forTenant(String jobTenant) {
        return new EpochMetricsEvent(jobId, epoch, totalEpochs, trainLoss, valLoss, trainAccuracy, valAccuracy, valRmse,
                valMae, learningRate, epochDurationMs, samplesPerSecond, occurredAt, jobTenant);
    }
}
