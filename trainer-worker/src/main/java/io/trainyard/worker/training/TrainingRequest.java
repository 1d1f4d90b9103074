package io.trainyard.worker.training;

import ai.djl.Device;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.worker.data.TrainingData;

/** One training run: a fresh one, or ({@code resume} set) the continuation of a checkpoint. */
public record TrainingRequest(String modelName, ModelFamily family, Hyperparameters hyperparameters,
        TrainingData data, Device device, CheckpointState resume) {

    /** The first epoch this run trains (1-based). */
    public int firstEpoch() {
        return resume == null ? 1 : resume.epoch() + 1;
    }
}
