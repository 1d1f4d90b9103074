package io.trainyard.worker.messaging;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.support.logging.JobLogContext;
import io.trainyard.contracts.EventTypes;
import io.trainyard.support.messaging.ConsumedTypes;
import io.trainyard.support.messaging.DeadLetters;
import io.trainyard.support.messaging.PoisonRecordException;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.running.RunningJob;
import io.trainyard.worker.running.RunningJobs;
import io.trainyard.worker.training.TrainingJobRunner;
import io.trainyard.worker.training.TrainingJobRunner.Outcome;
import io.trainyard.worker.training.TrainingSlots;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads every start command and trains those addressed to this worker ({@code worker_id}); the job API's
 * scheduler only addresses a worker that has a free slot, so accepting never waits. Filtering happens
 * here on the event loop; training runs on {@link TrainingSlots}, up to
 * {@code trainyard.worker.max-concurrent-jobs} jobs at once. A command is acknowledged once its outcome
 * was delivered to Kafka (succeeded, failed, cancelled or paused): with a stable worker id, a worker
 * that died mid-training finds it again after a restart; otherwise the scheduler requeues the job when
 * the worker's heartbeats stop. A command that gives a job training here to another worker means the
 * scheduler took this worker for lost: the run here stops without an outcome ({@link RunningJobs#reassign}).
 * A command that comes back after its job moved on (a newer attempt started, or the model is stored) is
 * acknowledged without training ({@link io.trainyard.worker.training.JobAttempts}, on the training slot).
 */
@ApplicationScoped
public class TrainingCommandConsumer {
    public static final String CHANNEL = "training-commands";
    /** Start commands; a command type added to the topic later is skipped by a worker that does not know it. */
    private static final ConsumedTypes TYPES = ConsumedTypes.within(EventTypes.COMMAND_TYPES, EventTypes.START_TRAINING);

    private static final Logger LOG = Logger.getLogger(TrainingCommandConsumer.class);

    private final StartCommandDecoder decoder;
    private final TrainingJobRunner runner;
    private final RunningJobs jobs;
    private final TrainingSlots slots;
    private final String workerId;

    public TrainingCommandConsumer(StartCommandDecoder decoder, TrainingJobRunner runner, RunningJobs jobs,
            TrainingSlots slots, WorkerConfig config) {
        this.decoder = decoder;
        this.runner = runner;
        this.jobs = jobs;
        this.slots = slots;
        this.workerId = config.worker().id();
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> onCommand(Message<String> message) {
        StartTrainingCommand command;
        try {
            if (TYPES.admit(message).isEmpty()) {
                return message.ack();
            }
            command = decoder.decode(message.getPayload());
        } catch (PoisonRecordException e) {
            return DeadLetters.send(message, e);
        }
        JobLogContext.put(command.jobId()); // kept in this record's Vert.x context
        if (!workerId.equals(command.workerId())) {
            if (jobs.reassign(command.jobId(), command.workerId(), command.attempt())) {
                LOG.warnf("job %s was given to worker %s while it trains here: stopping it", command.jobId(),
                        command.workerId());
            } else {
                LOG.debugf("job %s is addressed to worker %s, not to us", command.jobId(), command.workerId());
            }
            return message.ack();
        }
        Optional<RunningJob> job = jobs.start(command.jobId(), command.attempt());
        if (job.isEmpty()) {
            // The outbox relay delivers at least once: the same command twice must not train the job twice.
            LOG.infof("job %s is already training here; duplicate command (ce_id %s) ignored", command.jobId(),
                    cloudEventId(message));
            return message.ack();
        }
        LOG.debugf("training command for job %s (ce_id %s)", command.jobId(), cloudEventId(message));
        slots.run(() -> runner.run(command, job.get())).whenComplete((outcome, failure) -> {
            CompletionStage<Void> settled;
            if (failure != null) {
                // Only reporting itself can fail here (Kafka unreachable for minutes): the outcome is unknown to
                // the rest of the system, so the command goes to the dead-letter topic with the reason.
                LOG.errorf(failure, "job %s: could not report the outcome", command.jobId());
                settled = message.nack(failure);
            } else if (outcome != Outcome.ABANDONED) {
                settled = message.ack();
            } else {
                // ABANDONED (broken by the shutdown): neither ack nor nack, the offset stays uncommitted.
                settled = CompletableFuture.completedFuture(null);
            }
            // Finished only once acknowledged: a draining worker waits for this before Kafka is closed, so that
            // the offset is committed and a restart with the same id does not train a handed-back job again.
            settled.whenComplete((ignored, error) -> jobs.finish(command.jobId()));
        });
        // Keep reading: commands for other workers, or for our next free slot, must not wait for this job.
        return CompletableFuture.completedFuture(null);
    }

    private static String cloudEventId(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getId)
                .orElse("none");
    }
}
