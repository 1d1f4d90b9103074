package io.trainyard.worker.training;

/** The scheduler gave the job to another worker while it trained here; thrown between batches. */
public class JobReassignedException extends RuntimeException {
    private final String newWorker;

    public JobReassignedException(String newWorker) {
        super("the job was reassigned to worker " + newWorker);
        this.newWorker = newWorker;
    }

    public String newWorker() {
        return newWorker;
    }
}
