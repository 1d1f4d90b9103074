package io.trainyard.worker.training;

/**
 * The worker shuts down mid-job. Nothing is reported and the command is not acknowledged, so Kafka
 * redelivers it (to this worker after a restart, or to another one) and the job is trained again.
 */
public class WorkerStoppingException extends RuntimeException {
    public WorkerStoppingException() {
        super("the worker is shutting down");
    }
}
