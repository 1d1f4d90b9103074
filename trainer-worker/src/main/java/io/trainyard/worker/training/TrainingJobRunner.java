package io.trainyard.worker.training;

import ai.djl.Device;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.worker.artifacts.LocalArtifacts;
import io.trainyard.worker.checkpoint.CheckpointCompatibility;
import io.trainyard.worker.checkpoint.CheckpointStore;
import io.trainyard.worker.config.WorkerConfig;
import io.trainyard.worker.data.DatasetException;
import io.trainyard.worker.data.TrainingDataLoader;
import io.trainyard.worker.messaging.TrainingEventSink;
import io.trainyard.worker.running.RunningJob;
import io.trainyard.worker.telemetry.JobTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.UUID;

/**
 * Runs one training job end to end: the command's plan, the dataset, the checkpoint to resume from (if
 * any), DJL training, model artifact, and the job's events. Every outcome the user can act on (bad
 * checksum, bad row, bad checkpoint, divergence, cancel, pause, hand-back) is reported, never thrown; only
 * a failure to report at all escapes, as {@link ReportingException}.
 */
@ApplicationScoped
public class TrainingJobRunner {
    private static final Logger LOG = Logger.getLogger(TrainingJobRunner.class);

    /**
     * What became of a command; only {@code ABANDONED} leaves it unacknowledged (for redelivery).
     * {@code REASSIGNED}: stopped because another worker has the job now; nothing was reported.
     * {@code HANDED_BACK}: the worker is draining; the job went back to the queue with a checkpoint.
     * {@code SKIPPED}: the command is stale ({@link JobAttempts}); nothing was trained or reported.
     * {@code REPORTED}: the job had finished; its stored outcome was sent again under the same event ids.
     */
    public enum Outcome {
        SUCCEEDED, FAILED, CANCELLED, PAUSED, HANDED_BACK, REASSIGNED, ABANDONED, SKIPPED, REPORTED
    }

    private final TrainingEventSink publisher;
    private final ModelArtifactStore artifacts;
    private final CheckpointStore checkpoints;
    private final LocalArtifacts local;
    private final WorkerConfig config;
    private final JobTelemetry telemetry;
    private final JobAttempts attempts;
    private final JobOutcomes outcomes;
    private final ModelTrainer trainer = new ModelTrainer();

    public TrainingJobRunner(TrainingEventSink publisher, ModelArtifactStore artifacts, CheckpointStore checkpoints,
            LocalArtifacts local, WorkerConfig config, JobTelemetry telemetry, JobAttempts attempts,
            JobOutcomes outcomes) {
        this.publisher = publisher;
        this.local = local;
        this.artifacts = artifacts;
        this.checkpoints = checkpoints;
        this.config = config;
        this.telemetry = telemetry;
        this.attempts = attempts;
        this.outcomes = outcomes;
    }

    /**
     * Runs on a training slot inside the {@code train} span of {@link JobTelemetry}.
     *
     * @param job the job's entry in the running jobs: what was asked of it while it trains
     */
    public Outcome run(StartTrainingCommand command, RunningJob job) {
        JobAttempts.Claim claim = attempts.claim(command.jobId(), command.attempt());
        if (claim.finished() != null) {
            LOG.infof("job %s: start command of attempt %s for a finished job (%s): its outcome is reported again",
                    command.jobId(), command.attempt(), claim.finished().progress().status().wireName());
            reporter(command, null).reportAgain(claim.finished());
            return Outcome.REPORTED;
        }
        if (!claim.trains()) {
            // Acknowledged without a word on Kafka: the job's status, lineage and metrics belong to the newer run.
            LOG.infof("job %s: start command of attempt %s skipped, %s", command.jobId(), command.attempt(),
                    claim.stale());
            return Outcome.SKIPPED;
        }
        try (JobTelemetry.Run run = telemetry.start(command)) {
            Outcome outcome = run(command, job, run);
            run.ended(outcome.name().toLowerCase(Locale.ROOT), outcome == Outcome.FAILED);
            return outcome;
        }
    }

    private Outcome run(StartTrainingCommand command, RunningJob job, JobTelemetry.Run run) {
        TrainingPlan plan = null;
        String invalid = null;
        try {
            plan = TrainingPlan.of(command);
        } catch (TrainingFailedException e) {
            invalid = e.getMessage();
        }
        JobReporter reporter = reporter(command, plan == null ? null : plan.hyperparameters());
        Outcome outcome;
        if (job.cancelled()) {
            reporter.cancelled(true);
            outcome = Outcome.CANCELLED;
        } else if (job.handBackRequested()) {
            // Arrived while the worker drains: back to the queue untouched, for the next free worker.
            reporter.handedBack(command.resumeFrom(), reporter.completedEpochs(), null);
            outcome = Outcome.HANDED_BACK;
        } else {
            outcome = train(command, plan, invalid, reporter, job, run);
        }
        if (outcome != Outcome.ABANDONED) {
            reporter.awaitDelivery();
        }
        if (outcome == Outcome.SUCCEEDED && config.worker().checkpoints().deleteOnSuccess()) {
            checkpoints.deleteAll(command.jobId());
        }
        return outcome;
    }

    private JobReporter reporter(StartTrainingCommand command, Hyperparameters hyperparameters) {
        return new JobReporter(publisher, outcomes, command, hyperparameters, config.worker().progressInterval());
    }

    /** @param invalid why the plan is not valid (the job fails once started), else null */
    private Outcome train(StartTrainingCommand command, TrainingPlan plan, String invalid, JobReporter reporter,
            RunningJob job, JobTelemetry.Run run) {
        Device device = null;
        String engineProblem = null;
        try {
            device = DjlEngines.device(config.worker().device());
        } catch (IllegalStateException e) {
            engineProblem = e.getMessage();
        }
        reporter.started(device == null ? "none" : DjlEngines.describe(device));
        UUID jobId = command.jobId();
        try {
            if (engineProblem != null) {
                throw new TrainingFailedException(engineProblem);
            }
            if (invalid != null) {
                throw new TrainingFailedException(invalid);
            }
            ModelFamily family = plan.family();
            Hyperparameters hp = plan.hyperparameters();
            TrainingDataLoader.Prepared dataset = TrainingDataLoader.load(jobId, command.dataset(), local,
                    TrainingDataLoader.Request.of(family, hp, command.validationSplit()));
            CheckpointState resume = null;
            if (command.resumeFrom() != null) {
                CheckpointStore.Loaded loaded = checkpoints.load(jobId, command.resumeFrom());
                CheckpointCompatibility.verify(loaded.manifest(), family, hp, dataset.data());
                resume = loaded.state();
            }
            TrainingRequest request = new TrainingRequest(plan.modelName(), family, hp, dataset.data(), device, resume);
            TrainingResult result = trainer.train(request, run.observing(reporter), control(job),
                    state -> checkpoints.save(jobId, family, hp, state),
                    (model, trained) -> artifacts.save(jobId, model,
                            ModelDescriptor.of(jobId, command.tenantOrDefault(), plan.modelName(), family, hp,
                                    dataset, trained)));
            if (result.isPaused()) {
                // A pause the user asked for wins over a drain: the job waits for their resume, not for a worker.
                if (job.pauseRequested()) {
                    reporter.paused(result);
                    return Outcome.PAUSED;
                }
                reporter.handedBack(result.pausedAt(), result.lastEpoch(), result.progressPercent());
                return Outcome.HANDED_BACK;
            }
            reporter.succeeded(result.withSplits(dataset.boundaries()), FinalMetrics.of(result, dataset, hp));
            return Outcome.SUCCEEDED;
        } catch (ReportingException e) {
            throw e;
        } catch (TrainingCancelledException e) {
            reporter.cancelled(false);
            return Outcome.CANCELLED;
        } catch (JobReassignedException e) {
            reporter.reassigned(e.newWorker());
            return Outcome.REASSIGNED;
        } catch (DatasetException | TrainingFailedException e) {
            reporter.failed(e.getMessage());
            return Outcome.FAILED;
        } catch (RuntimeException e) {
            if (job.handBackRequested()) {
                // Most likely the shutdown itself broke the run (a closed store or producer): the job did not
                // fail. Unacknowledged, its command is redelivered, or the scheduler requeues it.
                LOG.warnf(e, "job %s abandoned while the worker drains", jobId);
                return Outcome.ABANDONED;
            }
            LOG.errorf(e, "job %s: unexpected error while training", jobId);
            reporter.failed("internal error while training: " + e);
            return Outcome.FAILED;
        }
    }

    /** Asked before every batch: what was asked of the job since it started, and whether the worker drains. */
    private static TrainingControl control(RunningJob job) {
        return new TrainingControl() {
            @Override
            public void checkStop() {
                if (job.cancelled()) {
                    throw new TrainingCancelledException("job " + job.jobId() + " was cancelled");
                }
                var newWorker = job.newWorker();
                if (newWorker.isPresent()) {
                    throw new JobReassignedException(newWorker.get());
                }
            }

            @Override
            public boolean pauseRequested() {
                return job.pauseRequested() || job.handBackRequested();
            }
        };
    }
}
