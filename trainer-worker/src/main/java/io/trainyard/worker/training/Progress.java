package io.trainyard.worker.training;

/**
 * Where a training run stands: {@code completedEpochs} counts finished epochs (what the events call
 * {@code current_epoch}), so it is 2 while the third epoch runs.
 */
public record Progress(long completedBatches, long totalBatches, int completedEpochs, int totalEpochs,
        long elapsedNanos) {

    public double percent() {
        return totalBatches == 0 ? 0.0 : 100.0 * completedBatches / totalBatches;
    }

    /** Remaining time extrapolated from the pace so far; null before the first batch. */
    public Long etaSeconds() {
        if (completedBatches == 0) {
            return null;
        }
        double perBatch = (double) elapsedNanos / completedBatches;
        return Math.round(perBatch * (totalBatches - completedBatches) / 1e9);
    }
}
