package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.CancelTrainingCommand;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.JobStatus;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.PauseTrainingCommand;
import io.trainyard.jobs.dataset.Dataset;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.experiment.ExperimentService;
import io.trainyard.jobs.live.LiveEvents;
import io.trainyard.jobs.outbox.Outbox;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.tracing.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Every change to a job made through the API; each public method is one transaction and returns the job
 * row as it committed it (responses add its details through {@link JobQueries}).
 */
@ApplicationScoped
public class JobCommands {

    /** The job and whether it was created by this call or replayed for a repeated Idempotency-Key. */
    public record Created(TrainingJob job, boolean replayed) {
    }

    /** The job after a cancel, pause or resume, and whether the change waits for the worker to act. */
    public record Transition(TrainingJob job, boolean pending) {
    }

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final DatasetRepository datasets;
    private final DurationEstimates estimates;
    private final Outbox outbox;
    private final LiveEvents live;
    private final ExperimentService experiments;

    public JobCommands(JobRepository jobs, JobEventRepository events, DatasetRepository datasets,
            DurationEstimates estimates, Outbox outbox, LiveEvents live, ExperimentService experiments) {
        this.experiments = experiments;
        this.jobs = jobs;
        this.events = events;
        this.datasets = datasets;
        this.estimates = estimates;
        this.outbox = outbox;
        this.live = live;
    }

    /**
     * Stores the job, its tags and its first audit event in one transaction. With an Idempotency-Key, a
     * retry returns the job created the first time; a concurrent twin loses the unique-key race and then
     * finds the winner's job.
     */
    public Uni<Created> create(Caller caller, CreateJobRequest request, String idempotencyKey) {
        String tenant = caller.homeTenant();
        if (idempotencyKey == null) {
            return Panache.withTransaction(() -> insert(caller, request, null)).map(job -> new Created(job, false));
        }
        return Panache.withTransaction(() -> jobs.findByIdempotencyKey(tenant, idempotencyKey)
                .flatMap(existing -> existing != null ? Uni.createFrom().item(replay(existing, request))
                        : insert(caller, request, idempotencyKey).map(job -> new Created(job, false))))
                .onFailure(ConstraintViolationException.class).recoverWithUni(() -> Panache.withSession(
                        () -> jobs.findByIdempotencyKey(tenant, idempotencyKey).map(job -> replay(job, request))));
    }

    private static Created replay(TrainingJob existing, CreateJobRequest request) {
        if (!existing.requestFingerprint.equals(request.fingerprint())) {
            throw new ApiProblem(422, "Idempotency-Key reused",
                    "this Idempotency-Key was already used for a different request (job " + existing.id + ")",
                    List.of(new ApiProblem.FieldError("Idempotency-Key", "already used with another body")));
        }
        return new Created(existing, true);
    }

    /**
     * A job created on its owner's behalf (a schedule's tick, a search's trial), inside the caller's transaction, so
     * that the job and what made it commit together. A request that no longer fits fails with its ApiProblem before
     * anything is written.
     */
    public Uni<TrainingJob> createOnBehalf(Caller owner, CreateJobRequest request, String origin) {
        return insert(owner, request, null, origin);
    }

    private Uni<TrainingJob> insert(Caller caller, CreateJobRequest request, String idempotencyKey) {
        return insert(caller, request, idempotencyKey, null);
    }

    private Uni<TrainingJob> insert(Caller caller, CreateJobRequest request, String idempotencyKey, String origin) {
        return datasets.findById(request.datasetId()).flatMap(dataset -> {
            // Another tenant's dataset is as unknown as one that never was.
            checkFits(request, dataset == null || !dataset.tenant.equals(caller.tenant()) ? null : dataset);
            return experiments.resolve(caller.tenant(), request.experimentId(), request.experimentName())
                    .map(experiment -> JobSpec.of(request, dataset, experiment));
        }).flatMap(spec -> {
            TrainingJob job = TrainingJob.queued(spec, caller.tenant(), caller.user(), Instant.now());
            job.idempotencyKey = idempotencyKey;
            job.requestFingerprint = request.fingerprint();
            return enqueue(job, spec.tags(), (origin == null ? "" : origin + "; ") + "queued with "
                    + job.priority.wireName() + " priority");
        });
    }

    private static void checkFits(CreateJobRequest request, Dataset dataset) {
        if (dataset == null) {
            throw new ApiProblem(422, "Unknown dataset", "dataset_id: dataset " + request.datasetId()
                    + " does not exist", List.of(new ApiProblem.FieldError("dataset_id", "no dataset with this id")));
        }
        requireFits(request.modelFamily(), dataset, "model_family");
    }

    /**
     * A 422 naming {@code field} unless the family fits the dataset: its task type, and a forecaster's need for a
     * dataset ordered in time.
     */
    public static void requireFits(ModelFamily family, Dataset dataset, String field) {
        if (dataset.taskType != family.taskType()) {
            throw new ApiProblem(422, "Model family does not fit the dataset", field + ": " + family.wireName()
                    + " is a " + family.taskType().wireName() + " model but dataset " + dataset.name + " (" + dataset.id
                    + ") is registered for " + dataset.taskType.wireName(), List.of(new ApiProblem.FieldError(field,
                    "does not fit the dataset's task type " + dataset.taskType.wireName())));
        }
        if (family.forecaster() && dataset.timeColumn == null) {
            throw new ApiProblem(422, "Model family does not fit the dataset", field + ": " + family.wireName()
                    + " forecasts a series, but dataset " + dataset.name + " (" + dataset.id + ") has no time column",
                    List.of(new ApiProblem.FieldError(field, "needs a dataset registered with a time_column")));
        }
    }

    /**
     * Estimates and stores a new job with its tags and first audit event. It waits in the queue until
     * the scheduler finds a free worker slot for it (io.trainyard.jobs.scheduling.JobScheduler), keeping
     * the request's trace context for the start command.
     */
    private Uni<TrainingJob> enqueue(TrainingJob job, List<String> tags, String message) {
        job.traceParent = TraceContext.current();
        return estimates.estimate(job).flatMap(estimate -> {
            job.estimatedDurationSeconds = estimate;
            return jobs.persist(job);
        }).call(() -> tags.isEmpty() ? Uni.createFrom().voidItem()
                : JobTag.persist(tags.stream().map(tag -> JobTag.of(job.id, tag))))
                .call(() -> events.persist(JobEvent.of(job, "created", null, message, job.createdAt)));
    }

    /**
     * A failed or cancelled job runs again as a new job with the same configuration; the two are
     * linked both ways ({@code retry_of}, {@code retried_as}).
     */
    @WithTransaction
    public Uni<TrainingJob> retry(Caller caller, UUID id) {
        return load(caller, id).flatMap(original -> {
            if (original.status != JobStatus.FAILED && original.status != JobStatus.CANCELLED) {
                throw ApiProblem.conflict("job " + id + " is " + describe(original)
                        + "; only failed or cancelled jobs can be retried");
            }
            return jobs.tagsOf(List.of(id)).flatMap(tags -> {
                JobSpec spec = JobSpec.of(original, tags.stream().map(t -> t.key.tag()).toList());
                TrainingJob job = TrainingJob.queued(spec, original.tenant, caller.user(), Instant.now());
                job.retryOf = original.id;
                return enqueue(job, spec.tags(), "queued as a retry of " + original.id + " with "
                        + job.priority.wireName() + " priority")
                        .call(() -> events.persist(JobEvent.of(original, "retried", null, "retried as " + job.id,
                                job.createdAt)));
            });
        });
    }

    /**
     * A queued or paused job is cancelled at once; a running one is asked to stop and reports
     * {@code cancelled} through the worker. Either way every worker hears the cancel, so a worker that
     * already picked up a queued job stops too.
     */
    @WithTransaction
    public Uni<Transition> cancel(Caller caller, UUID id) {
        return load(caller, id).flatMap(job -> {
            if (job.status.isTerminal()) {
                throw ApiProblem.conflict("job " + id + " already " + job.status.wireName()
                        + "; only queued, running or paused jobs can be cancelled");
            }
            return stop(job, "cancelled by user");
        });
    }

    /**
     * Cancels an unfinished job inside the caller's transaction (a user's cancel, a search stopping a trial): a
     * queued or paused one at once, a running one through its worker. Asking twice changes nothing.
     */
    public Uni<Transition> stop(TrainingJob job, String reason) {
        if (job.cancelRequestedAt != null || job.status.isTerminal()) {
            return Uni.createFrom().item(new Transition(job, job.cancelRequestedAt != null && !job.status.isTerminal()));
        }
        Instant now = Instant.now();
        job.cancelRequestedAt = now;
        job.updatedAt = now;
        boolean pending = job.status == JobStatus.RUNNING;
        if (!pending) {
            job.status = JobStatus.CANCELLED;
            job.finishedAt = now;
        }
        JobEvent event = JobEvent.of(job, pending ? "cancel_requested" : "cancelled", null,
                (pending ? "cancel requested; the worker stops after the current batch" : "cancelled before running")
                        + ": " + reason, now);
        return events.persist(event).call(() -> requestStop(job, reason))
                .call(() -> pending ? Uni.createFrom().voidItem() : live.cancelled(job, now))
                .map(ignored -> new Transition(job, pending));
    }

    /** Asks the worker running the job to stop after the current batch and keep a checkpoint. */
    @WithTransaction
    public Uni<Transition> pause(Caller caller, UUID id) {
        return load(caller, id).flatMap(job -> {
            if (job.status != JobStatus.RUNNING || job.cancelRequestedAt != null) {
                throw ApiProblem.conflict("job " + id + " is " + describe(job) + "; only running jobs can be paused");
            }
            if (job.pauseRequestedAt != null) {
                return Uni.createFrom().item(new Transition(job, true));
            }
            Instant now = Instant.now();
            job.pauseRequestedAt = now;
            job.updatedAt = now;
            return events.persist(JobEvent.of(job, "pause_requested", null,
                    "pause requested; the worker checkpoints after the current batch", now))
                    .call(() -> outbox.enqueue(Outbox.TRAINING_CONTROL, job.id, job.tenant, EventTypes.PAUSE_TRAINING,
                            PauseTrainingCommand.of(job.id, job.tenant)))
                    .map(ignored -> new Transition(job, true));
        });
    }

    /**
     * Queues a paused job again, at the end of its priority; whichever worker the scheduler gives it to
     * continues from its checkpoint.
     */
    @WithTransaction
    public Uni<Transition> resume(Caller caller, UUID id) {
        return load(caller, id).flatMap(job -> {
            if (job.status != JobStatus.PAUSED) {
                throw ApiProblem.conflict("job " + id + " is " + describe(job) + "; only paused jobs can be resumed");
            }
            job.enqueueAt(Instant.now());
            job.traceParent = TraceContext.current(); // the resumed run continues the resume request's trace
            String from = job.checkpoint() == null ? "from the start (no checkpoint)"
                    : "from the checkpoint after epoch " + job.checkpointEpoch;
            return events.persist(JobEvent.of(job, "resumed", null, "queued again " + from, job.queuedAt))
                    .map(ignored -> new Transition(job, false));
        });
    }

    /** Tells every worker to stop this job; to be called inside the caller's transaction. */
    public Uni<Void> requestStop(TrainingJob job, String reason) {
        return outbox.enqueue(Outbox.TRAINING_CONTROL, job.id, job.tenant, EventTypes.CANCEL_TRAINING,
                CancelTrainingCommand.of(job.id, reason, job.tenant)).replaceWithVoid();
    }

    /** The job, if the caller may change it: 404 if they cannot see it, 403 if they can but it is not theirs. */
    private Uni<TrainingJob> load(Caller caller, UUID id) {
        return jobs.visible(caller, id).invoke(job -> caller.requireManage(job.tenant, job.owner, "job " + id));
    }

    private static String describe(TrainingJob job) {
        if (job.cancelRequestedAt != null && !job.status.isTerminal()) {
            return "being cancelled";
        }
        return job.status.isTerminal() ? "already " + job.status.wireName() : job.status.wireName();
    }
}
