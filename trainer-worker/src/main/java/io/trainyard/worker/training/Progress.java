package io.trainyard.worker.training;

/**
 * Where a training run stands: {@code epoch} is the epoch in progress (or just finished), 1-based;
 * 0 before the first batch.
 */
public record Progress(long completedBatches, long totalBatches, int epoch, int totalEpochs, long elapsedNanos) {

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
