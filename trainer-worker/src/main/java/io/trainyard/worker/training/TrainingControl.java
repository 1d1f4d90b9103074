package io.trainyard.worker.training;

/** Asked by the trainer before every batch whether to go on. */
public interface TrainingControl {

    /** Throws {@link TrainingCancelledException} or {@link JobReassignedException} to stop right now. */
    void checkStop();

    /** A pause was requested, or the worker is draining: the trainer saves a checkpoint and returns. */
    boolean pauseRequested();

    TrainingControl NONE = new TrainingControl() {
        @Override
        public void checkStop() {
        }

        @Override
        public boolean pauseRequested() {
            return false;
        }
    };
}
