package io.trainyard.worker.training;

import io.trainyard.contracts.TaskType;
import io.trainyard.worker.data.EncodedSplit;

/**
 * Both splits encoded for the network. {@code targetStd} maps regression errors measured on the
 * standardised target back to the target's own units (1 for classification).
 */
public record TrainingData(TaskType taskType, EncodedSplit train, EncodedSplit validation, int outputs,
        double targetStd) {

    public TrainingData {
        if (train.width() != validation.width()) {
            throw new IllegalArgumentException("train and validation widths differ");
        }
    }

    public int inputWidth() {
        return train.width();
    }

    public boolean classification() {
        return taskType == TaskType.CLASSIFICATION;
    }
}
