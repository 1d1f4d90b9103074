package io.trainyard.worker.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.contracts.CancelTrainingCommand;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.PauseTrainingCommand;
import io.trainyard.support.messaging.DeadLetters;
import io.trainyard.support.messaging.EventPayload;
import io.trainyard.support.messaging.PoisonRecordException;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import io.trainyard.worker.running.RunningJobs;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Listens to the control topic independently of the (blocked) training consumer and dispatches on
 * {@code ce_type}: cancels and pauses. Its consumer group is unique per worker instance, so every
 * worker sees every command and the one running the job acts on it. A cancel that arrives before its
 * start command is remembered by {@link RunningJobs}; a pause for a job not running here is dropped. A
 * record of another type, or one that is not the contract's JSON, goes to the dead-letter topic.
 */
@ApplicationScoped
public class ControlCommandConsumer {
    public static final String CHANNEL = "training-control";
    private static final EventPayload<CancelTrainingCommand> CANCEL = EventPayload.of(CancelTrainingCommand.class,
            command -> command.jobId() != null, "job_id", EventTypes.CANCEL_TRAINING);
    private static final EventPayload<PauseTrainingCommand> PAUSE = EventPayload.of(PauseTrainingCommand.class,
            command -> command.jobId() != null, "job_id", EventTypes.PAUSE_TRAINING);

    private static final Logger LOG = Logger.getLogger(ControlCommandConsumer.class);

    private final ObjectMapper json;
    private final RunningJobs jobs;

    public ControlCommandConsumer(ObjectMapper json, RunningJobs jobs) {
        this.json = json;
        this.jobs = jobs;
    }

    /** Only map updates: runs on the event loop, never waits for the training thread. */
    @Incoming(CHANNEL)
    public CompletionStage<Void> onControl(Message<String> message) {
        String type = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType)
                .orElse(null);
        try {
            if (CANCEL.types().known().contains(type)) {
                cancel(CANCEL.read(json, message.getPayload()));
            } else if (PAUSE.types().known().contains(type)) {
                pause(PAUSE.read(json, message.getPayload()));
            } else {
                throw new PoisonRecordException(Kind.UNKNOWN_TYPE, "unknown control command type " + (type == null
                        ? "(no ce_type header)" : "'" + type + "'") + "; expected " + EventTypes.CANCEL_TRAINING
                        + " or " + EventTypes.PAUSE_TRAINING);
            }
        } catch (IllegalArgumentException e) {
            return DeadLetters.send(message, e);
        }
        return message.ack();
    }

    private void cancel(CancelTrainingCommand command) {
        jobs.cancel(command.jobId());
        LOG.infof("cancel requested for job %s%s", command.jobId(),
                command.reason() == null ? "" : " (" + command.reason() + ")");
    }

    private void pause(PauseTrainingCommand command) {
        if (jobs.requestPause(command.jobId())) {
            LOG.infof("pause requested for job %s: it stops after the current batch", command.jobId());
        } else {
            LOG.debugf("pause for job %s ignored: it is not training on this worker", command.jobId());
        }
    }
}
