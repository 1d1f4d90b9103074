package io.trainyard.worker.training;

/**
 * Everything training needs to continue after {@code epoch} finished epochs: the current weights, the
 * early-stopping state with the best weights so far, the metrics of the best and the last epoch (the
 * final report needs them even if no further epoch runs) and the training time used so far (for
 * {@code max_runtime_seconds}). Weights are DJL block parameter streams ({@code Block.saveParameters}).
 *
 * @param reason              {@code pause} or {@code periodic}
 * @param bestWeights         null before the first finished epoch
 * @param bestEpoch           0 before the first finished epoch
 * @param elapsedTrainingMillis training time used by all runs so far
 */
public record CheckpointState(int epoch, String reason, byte[] weights, byte[] bestWeights, int bestEpoch,
        double bestValLoss, int epochsWithoutImprovement, EpochResult best, EpochResult last,
        long elapsedTrainingMillis, int inputWidth, int outputs) {
}
