package io.trainyard.metrics.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trainyard.metrics.projection.EpochMetric;

import java.time.Instant;

/** One epoch in the API; the metrics a task type does not report (accuracy or RMSE/MAE) are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochMetricView(int epoch, int totalEpochs, double trainLoss, double valLoss, Double trainAccuracy,
        Double valAccuracy, Double valRmse, Double valMae, double learningRate, long epochDurationMs,
        Double samplesPerSecond, Instant recordedAt) {

    static EpochMetricView from(EpochMetric metric) {
        return new EpochMetricView(metric.getEpoch(), metric.getTotalEpochs(), metric.getTrainLoss(),
                metric.getValLoss(), metric.getTrainAccuracy(), metric.getValAccuracy(), metric.getValRmse(),
                metric.getValMae(), metric.getLearningRate(), metric.getEpochDurationMs(), metric.getSamplesPerSecond(),
                metric.getRecordedAt());
    }
}
