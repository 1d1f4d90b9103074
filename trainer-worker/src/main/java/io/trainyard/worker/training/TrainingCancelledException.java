package io.trainyard.worker.training;

/** A cancel command arrived for the job; thrown between batches. */
public class TrainingCancelledException extends RuntimeException {
    public TrainingCancelledException(String message) {
        super(message);
    }
}
