package io.trainyard.worker.training;

/** Told about progress by {@link MlpTrainer}; implementations decide what to report and how often. */
public interface TrainingObserver {

    /** After every batch: cheap, must throttle itself. */
    void batchCompleted(Progress progress);

    void epochCompleted(EpochResult result, Progress progress);

    TrainingObserver NONE = new TrainingObserver() {
        @Override
        public void batchCompleted(Progress progress) {
        }

        @Override
        public void epochCompleted(EpochResult result, Progress progress) {
        }
    };
}
