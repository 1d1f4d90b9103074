package io.trainyard.worker.training;

/**
 * Where a training run stands: {@code completedEpochs} counts finished epochs (what the events call
 * {@code current_epoch}), so it is 2 while the third epoch runs. A resumed run starts with the batches
 * of the epochs before its checkpoint already counted ({@code batchesAtStart}), so the percentage
 * continues; the ETA extrapolates only from this run's own pace.
 */
public record Progress(long completedBatches, long totalBatches, long batchesAtStart, int completedEpochs,
        int totalEpochs, long elapsedNanos) {

    public double percent() {
        return totalBatches == 0 ? 0.0 : Math.min(100.0, 100.0 * completedBatches / totalBatches);
    }

    /** Remaining time extrapolated from this run's pace; null before its first batch. */
    public Long etaSeconds() {
        long done = completedBatches - batchesAtStart;
        if (done <= 0) {
            return null;
        }
        double perBatch = (double) elapsedNanos / done;
        return Math.round(perBatch * Math.max(0, totalBatches - completedBatches) / 1e9);
    }
}
