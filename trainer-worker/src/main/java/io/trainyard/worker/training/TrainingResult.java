package io.trainyard.worker.training;

import java.util.List;

/** Every epoch's metrics (the last one is the final model's) and the saved model, if one was saved. */
public record TrainingResult(List<EpochResult> epochs, ModelArtifact artifact) {
    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    public EpochResult last() {
        return epochs.get(epochs.size() - 1);
    }
}
