package io.trainyard.worker.training;

/** Training cannot go on (diverged, invalid hyperparameters...); the message is shown to the user. */
public class TrainingFailedException extends RuntimeException {
    public TrainingFailedException(String message) {
        super(message);
    }

    public TrainingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
