package io.trainyard.worker.training;

/** The job's events could not be delivered to Kafka; the outcome is unknown to everybody else. */
public class ReportingException extends RuntimeException {
    public ReportingException(String message, Throwable cause) {
        super(message, cause);
    }
}
