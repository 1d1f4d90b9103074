package io.trainyard.worker.checkpoint;

import io.trainyard.worker.training.TrainingFailedException;

/** A checkpoint cannot be resumed from (missing, tampered with, or for another network); fails the job. */
public class CheckpointException extends TrainingFailedException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
