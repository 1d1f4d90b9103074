package io.trainyard.worker.training;

import io.trainyard.contracts.CheckpointRef;

/** Told about progress by {@link ModelTrainer}; implementations decide what to report and how often. */
public interface TrainingObserver {

    /** After every batch: cheap, must throttle itself. */
    void batchCompleted(Progress progress);

    /** @param checkpoint the periodic checkpoint saved after this epoch, or null */
    void epochCompleted(EpochResult result, Progress progress, CheckpointRef checkpoint);

    TrainingObserver NONE = new TrainingObserver() {
        @Override
        public void batchCompleted(Progress progress) {
        }

        @Override
        public void epochCompleted(EpochResult result, Progress progress, CheckpointRef checkpoint) {
        }
    };
}
