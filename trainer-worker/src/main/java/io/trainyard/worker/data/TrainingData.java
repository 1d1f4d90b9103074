package io.trainyard.worker.data;

import io.trainyard.contracts.TaskType;

/**
 * Both splits encoded for the network, the target encoding (class labels, or the mean/std that map
 * the standardised regression target back to its units) and, for regression, the validation targets
 * in their own units (what the final evaluation compares predictions with).
 */
public record TrainingData(TargetEncoding target, EncodedSplit train, EncodedSplit validation,
        double[] validationTargets) {

    public TrainingData {
        if (train.width() != validation.width()) {
            throw new IllegalArgumentException("train and validation widths differ");
        }
        if (target.taskType() == TaskType.REGRESSION
                && (validationTargets == null || validationTargets.length != validation.rows())) {
            throw new IllegalArgumentException("regression needs the validation targets in their own units");
        }
    }

    public TaskType taskType() {
        return target.taskType();
    }

    public int inputWidth() {
        return train.width();
    }

    public int outputs() {
        return target.outputs();
    }

    public boolean classification() {
        return taskType() == TaskType.CLASSIFICATION;
    }

    /** Maps errors on the standardised target back to the target's units (1 for classification). */
    public double targetStd() {
        return target.std() == null ? 1.0 : target.std();
    }

    public double targetMean() {
        return target.mean() == null ? 0.0 : target.mean();
    }
}
