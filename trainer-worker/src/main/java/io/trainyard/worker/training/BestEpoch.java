package io.trainyard.worker.training;

import java.io.IOException;

/**
 * Early stopping's bookkeeping: the best validation loss so far, its epoch, metrics and weights, and how
 * many epochs since then brought no better one. A resumed run continues a checkpoint's.
 */
final class BestEpoch {
    private int epoch;
    private double valLoss = Double.POSITIVE_INFINITY;
    private int withoutImprovement;
    private byte[] weights;
    private EpochResult result;

    /** @param resume the checkpoint a resumed run continues, null for a fresh run */
    BestEpoch(CheckpointState resume) {
        if (resume != null) {
            epoch = resume.bestEpoch();
            valLoss = resume.bestEpoch() > 0 ? resume.bestValLoss() : Double.POSITIVE_INFINITY;
            withoutImprovement = resume.epochsWithoutImprovement();
            weights = resume.bestWeights();
            result = resume.best();
        }
    }

    /** The weights as they are after the epoch; copied only for a new best one, since copying is not free. */
    @FunctionalInterface
    interface CurrentWeights {
        byte[] copy() throws IOException;
    }

    /** A finished epoch: it becomes the best one if its validation loss is lower than every earlier one's. */
    void record(EpochResult finished, CurrentWeights current) throws IOException {
        if (finished.valLoss() < valLoss) {
            valLoss = finished.valLoss();
            epoch = finished.epoch();
            result = finished;
            weights = current.copy();
            withoutImprovement = 0;
        } else {
            withoutImprovement++;
        }
    }

    /** {@code patience} epochs in a row brought no better validation loss (0: early stopping is off). */
    boolean patienceRanOut(int patience) {
        return patience > 0 && withoutImprovement >= patience;
    }

    /** 0 before the first finished epoch. */
    int epoch() {
        return epoch;
    }

    /** As a checkpoint records it: 0 before the first finished epoch. */
    double valLoss() {
        return epoch > 0 ? valLoss : 0.0;
    }

    int withoutImprovement() {
        return withoutImprovement;
    }

    /** Null before the first finished epoch. */
    byte[] weights() {
        return weights;
    }

    /** Null before the first finished epoch. */
    EpochResult result() {
        return result;
    }
}
