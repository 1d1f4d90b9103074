package io.trainyard.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.worker.heartbeat.HeartbeatPublisher;
import io.trainyard.worker.training.TrainingJobRunner;
import io.trainyard.worker.training.TrainingJobRunner.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes StartTrainingCommands one at a time on the dedicated {@value #WORKER_POOL} pool (training
 * blocks for minutes; it must never run on the event loop) and acknowledges each only once its
 * outcome was delivered to Kafka (succeeded, failed, cancelled or paused). At-least-once: a worker that
 * dies mid-training has not acknowledged, so the command is redelivered and the job trained again
 * (downstream consumers are idempotent).
 */
@ApplicationScoped
public class TrainingCommandConsumer {
    public static final String CHANNEL = "training-commands";
    /** Sized by {@code smallrye.messaging.worker.training.max-concurrency}: one job at a time. */
    public static final String WORKER_POOL = "training";

    private static final Logger LOG = Logger.getLogger(TrainingCommandConsumer.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** The command, and its {@code hyperparameters} object as sent (null when absent). */
    record Parsed(StartTrainingCommand command, Map<String, Object> hyperparameters) {
    }

    private final ObjectMapper json;
    private final TrainingJobRunner runner;
    private final HeartbeatPublisher heartbeats;

    public TrainingCommandConsumer(ObjectMapper json, TrainingJobRunner runner, HeartbeatPublisher heartbeats) {
        this.json = json;
        this.runner = runner;
        this.heartbeats = heartbeats;
    }

    @Incoming(CHANNEL)
    @Blocking(value = WORKER_POOL, ordered = true)
    public CompletionStage<Void> onCommand(Message<String> message) {
        StartTrainingCommand command;
        Map<String, Object> hyperparameters;
        try {
            Parsed parsed = parse(message.getPayload());
            command = parsed.command();
            hyperparameters = parsed.hyperparameters();
        } catch (PoisonMessageException e) {
            LOG.warnf("dead-lettering a training command (ce_id %s): %s", cloudEventId(message), e.getMessage());
            return message.nack(e);
        }
        LOG.debugf("training command for job %s (ce_id %s)", command.jobId(), cloudEventId(message));
        Outcome outcome;
        try {
            heartbeats.started(command.jobId());
            try {
                outcome = runner.run(command, hyperparameters);
            } finally {
                heartbeats.finished(command.jobId());
            }
        } catch (RuntimeException e) {
            // Only reporting itself can fail here (Kafka unreachable for minutes): the outcome is unknown to
            // the rest of the system, so the command goes to the dead-letter topic with the reason.
            LOG.errorf(e, "job %s: could not report the outcome", command.jobId());
            return message.nack(e);
        }
        if (outcome == Outcome.ABANDONED) {
            // Neither ack nor nack: the offset is not committed and the command comes back after a restart.
            return CompletableFuture.completedFuture(null);
        }
        return message.ack();
    }

    Parsed parse(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new PoisonMessageException("empty payload", null);
        }
        StartTrainingCommand command;
        Map<String, Object> hyperparameters = null;
        try {
            JsonNode tree = json.readTree(payload);
            command = json.treeToValue(tree, StartTrainingCommand.class);
            JsonNode hp = tree == null ? null : tree.get("hyperparameters");
            if (hp != null && hp.isObject()) {
                hyperparameters = json.convertValue(hp, OBJECT);
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("not a StartTrainingCommand: " + e.getMessage(), e);
        }
        if (command == null || command.jobId() == null) {
            throw new PoisonMessageException("a StartTrainingCommand without job_id cannot be reported on", null);
        }
        return new Parsed(command, hyperparameters);
    }

    private static String cloudEventId(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getId)
                .orElse("none");
    }
}
