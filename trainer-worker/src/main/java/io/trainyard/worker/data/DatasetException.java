package io.trainyard.worker.data;

/**
 * The dataset cannot be trained on (missing file, wrong checksum, unreadable row...). The message is
 * shown to the user as the job's error, so it says what is wrong and where.
 */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
