package io.trainyard.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.CancelTrainingCommand;
import io.trainyard.worker.cancel.CancellationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Listens to the control topic independently of the (blocked) training consumer. Its consumer group
 * is unique per worker instance, so every worker sees every cancel and the one running the job stops
 * it; a cancel that arrives before its start command is remembered by the registry.
 */
@ApplicationScoped
public class CancelCommandConsumer {
    public static final String CHANNEL = "training-control";

    private static final Logger LOG = Logger.getLogger(CancelCommandConsumer.class);

    private final ObjectMapper json;
    private final CancellationRegistry cancellations;

    public CancelCommandConsumer(ObjectMapper json, CancellationRegistry cancellations) {
        this.json = json;
        this.cancellations = cancellations;
    }

    /** Only a map update: runs on the event loop, never waits for the training thread. */
    @Incoming(CHANNEL)
    public void onCancel(String payload) {
        CancelTrainingCommand command;
        try {
            command = json.readValue(payload, CancelTrainingCommand.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("not a CancelTrainingCommand: " + e.getMessage(), e);
        }
        if (command == null || command.jobId() == null) {
            throw new PoisonMessageException("a CancelTrainingCommand without job_id", null);
        }
        cancellations.cancel(command.jobId());
        LOG.infof("cancel requested for job %s%s", command.jobId(),
                command.reason() == null ? "" : " (" + command.reason() + ")");
    }
}
