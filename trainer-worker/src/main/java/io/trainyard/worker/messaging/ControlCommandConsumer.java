package io.trainyard.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.contracts.CancelTrainingCommand;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.PauseTrainingCommand;
import io.trainyard.worker.running.RunningJobs;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.UUID;
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
            if (EventTypes.CANCEL_TRAINING.equals(type)) {
                cancel(message.getPayload());
            } else if (EventTypes.PAUSE_TRAINING.equals(type)) {
                pause(message.getPayload());
            } else {
                throw new PoisonMessageException("unknown control command type " + (type == null
                        ? "(no ce_type header)" : "'" + type + "'") + "; expected " + EventTypes.CANCEL_TRAINING
                        + " or " + EventTypes.PAUSE_TRAINING, null);
            }
        } catch (PoisonMessageException e) {
            LOG.warnf("dead-lettering a control command: %s", e.getMessage());
            return message.nack(e);
        }
        return message.ack();
    }

    private void cancel(String payload) {
        CancelTrainingCommand command = parse(payload, CancelTrainingCommand.class);
        UUID jobId = command == null ? null : command.jobId();
        if (jobId == null) {
            throw new PoisonMessageException("a CancelTrainingCommand without job_id", null);
        }
        jobs.cancel(jobId);
        LOG.infof("cancel requested for job %s%s", jobId, command.reason() == null ? "" : " (" + command.reason() + ")");
    }

    private void pause(String payload) {
        PauseTrainingCommand command = parse(payload, PauseTrainingCommand.class);
        if (command == null || command.jobId() == null) {
            throw new PoisonMessageException("a PauseTrainingCommand without job_id", null);
        }
        if (jobs.requestPause(command.jobId())) {
            LOG.infof("pause requested for job %s: it stops after the current batch", command.jobId());
        } else {
            LOG.debugf("pause for job %s ignored: it is not training on this worker", command.jobId());
        }
    }

    private <T> T parse(String payload, Class<T> type) {
        if (payload == null || payload.isBlank()) {
            throw new PoisonMessageException("empty " + type.getSimpleName(), null);
        }
        try {
            return json.readValue(payload, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
