package io.trainyard.worker.messaging;

/** A record that is not the contract's JSON: nothing can be done with it but dead-lettering. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
