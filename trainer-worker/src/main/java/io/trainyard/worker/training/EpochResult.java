package io.trainyard.worker.training;

/**
 * Metrics after one epoch, measured on the whole train and validation splits with the epoch's final
 * weights (so train and validation numbers are comparable). Losses are in training units
 * (cross-entropy, or MSE of the standardised target); RMSE/MAE are in the target's own units.
 * Accuracy fields are set for classification, RMSE/MAE for regression. {@code learningRate} is the
 * rate the epoch trained with; {@code samplesPerSecond} is training rows over the time of the epoch's
 * optimisation steps (the evaluation after it not included).
 */
public record EpochResult(int epoch, double trainLoss, double valLoss, Double trainAccuracy, Double valAccuracy,
        Double valRmse, Double valMae, double learningRate, long durationMs, double samplesPerSecond) {

    static EpochResult classification(int epoch, double trainLoss, double valLoss, double trainAccuracy,
            double valAccuracy, double learningRate, long durationMs, double samplesPerSecond) {
        return new EpochResult(epoch, trainLoss, valLoss, trainAccuracy, valAccuracy, null, null, learningRate,
                durationMs, samplesPerSecond);
    }

    static EpochResult regression(int epoch, double trainLoss, double valLoss, double valRmse, double valMae,
            double learningRate, long durationMs, double samplesPerSecond) {
        return new EpochResult(epoch, trainLoss, valLoss, null, null, valRmse, valMae, learningRate, durationMs,
                samplesPerSecond);
    }
}
