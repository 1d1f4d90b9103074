package io.trainyard.contracts;

/**
 * CloudEvents {@code ce_type} values. Versioned in the name so that a consumer can route or reject
 * by type without parsing the payload.
 */
public final class EventTypes {
    public static final String SOURCE_JOB_API = "/trainyard/job-api";
    public static final String SOURCE_TRAINER_WORKER = "/trainyard/trainer-worker";

    public static final String START_TRAINING = "io.trainyard.training.command.start.v1";
    public static final String CANCEL_TRAINING = "io.trainyard.training.command.cancel.v1";
    public static final String PAUSE_TRAINING = "io.trainyard.training.command.pause.v1";

    public static final String JOB_RUNNING = "io.trainyard.training.job.running.v1";
    public static final String JOB_PAUSED = "io.trainyard.training.job.paused.v1";
    public static final String JOB_SUCCEEDED = "io.trainyard.training.job.succeeded.v1";
    public static final String JOB_FAILED = "io.trainyard.training.job.failed.v1";
    public static final String JOB_CANCELLED = "io.trainyard.training.job.cancelled.v1";
    /** A draining worker gave the job back to the queue (status {@code queued}) with a checkpoint to resume from. */
    public static final String JOB_HANDED_BACK = "io.trainyard.training.job.handed-back.v1";

    public static final String EPOCH_METRICS = "io.trainyard.training.metrics.epoch.v1";

    public static final String JOB_LOG = "io.trainyard.training.log.v1";

    public static final String WORKER_HEARTBEAT = "io.trainyard.worker.heartbeat.v1";

    public static final String LINEAGE_RUN_EVENT = "io.openlineage.run-event.v2";

    public static final String SOURCE_MODEL_REGISTRY = "/trainyard/job-api/registry";

    /*
     * Each topic's type namespace: the contract may add types to a topic within its version (as handed-back
     * was added to progress), and a consumer skips the ones of its topic's namespace it does not read
     * (docs/events.md, "Event types").
     */
    public static final String COMMAND_TYPES = "io.trainyard.training.command.";
    public static final String JOB_TYPES = "io.trainyard.training.job.";
    public static final String METRICS_TYPES = "io.trainyard.training.metrics.";
    public static final String LOG_TYPES = "io.trainyard.training.log.";
    public static final String WORKER_TYPES = "io.trainyard.worker.";
    public static final String OPENLINEAGE_TYPES = "io.openlineage.";

    private EventTypes() {
    }

    /** The progress event type for a job status reported by a worker. */
    public static String forStatus(JobStatus status) {
        return switch (status) {
            case RUNNING -> JOB_RUNNING;
            case PAUSED -> JOB_PAUSED;
            case SUCCEEDED -> JOB_SUCCEEDED;
            case FAILED -> JOB_FAILED;
            case CANCELLED -> JOB_CANCELLED;
            case QUEUED -> JOB_HANDED_BACK;
        };
    }
}
