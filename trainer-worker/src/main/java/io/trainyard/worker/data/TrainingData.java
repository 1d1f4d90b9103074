package io.trainyard.worker.data;

import io.trainyard.contracts.TaskType;

/**
 * The splits encoded for the network, the target encoding (class labels, or the mean/std that map the standardised
 * regression target back to its units) and, for regression, the validation and test targets in their own units
 * (what the final evaluation compares predictions with). {@code test} has no rows without a test split;
 * {@code series} is set for a forecaster, whose rows are the windows of the series; {@code anomaly} for an anomaly
 * detector, whose labels are its inputs (it learns to reconstruct them) and which is judged by the label column.
 */
public record TrainingData(TargetEncoding target, EncodedSplit train, EncodedSplit validation,
        double[] validationTargets, EncodedSplit test, double[] testTargets, SeriesWindows series,
        AnomalyLabels anomaly) {

    public TrainingData {
        if (train.width() != validation.width() || train.width() != test.width()) {
            throw new IllegalArgumentException("the splits' widths differ");
        }
        if (target.taskType() == TaskType.REGRESSION && (!hasAll(validationTargets, validation)
                || !hasAll(testTargets, test))) {
            throw new IllegalArgumentException("regression needs the validation and test targets in their own units");
        }
    }

    /** Train and validation only, of tabular data. */
    public TrainingData(TargetEncoding target, EncodedSplit train, EncodedSplit validation,
            double[] validationTargets) {
        this(target, train, validation, validationTargets, new EncodedSplit(new float[0], new float[0], 0,
                train.width()), target.taskType() == TaskType.REGRESSION ? new double[0] : null, null, null);
    }

    private static boolean hasAll(double[] targets, EncodedSplit split) {
        return targets != null && targets.length == split.labels().length;
    }

    public TaskType taskType() {
        return target.taskType();
    }

    public int inputWidth() {
        return train.width();
    }

    /** Class logits, one regression output, a forecast's {@code horizon} steps, or a reconstruction of the inputs. */
    public int outputs() {
        if (series != null) {
            return series.horizon();
        }
        return anomaly != null ? inputWidth() : target.outputs();
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
