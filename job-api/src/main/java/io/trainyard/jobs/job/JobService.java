package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.CancelTrainingCommand;
import io.trainyard.contracts.DatasetSplit;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobStatus;
import io.trainyard.contracts.PauseTrainingCommand;
import io.trainyard.jobs.dataset.Dataset;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.live.LiveEvents;
import io.trainyard.jobs.outbox.Outbox;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Owns every change to a job made through the API; each public method is one transaction. */
@ApplicationScoped
public class JobService {

    /** The job and whether it was created by this call or replayed for a repeated Idempotency-Key. */
    public record Created(TrainingJob job, boolean replayed) {
    }

    /** The job after a cancel, pause or resume, and whether the change waits for the worker to act. */
    public record Transition(TrainingJob job, boolean pending) {
    }

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final DatasetRepository datasets;
    private final Outbox outbox;
    private final LiveEvents live;

    private static final int ESTIMATE_HISTORY = 20;

    public JobService(JobRepository jobs, JobEventRepository events, DatasetRepository datasets, Outbox outbox,
            LiveEvents live) {
        this.live = live;
        this.jobs = jobs;
        this.events = events;
        this.datasets = datasets;
        this.outbox = outbox;
    }

    /**
     * Stores the job, its first audit event and the start command in one transaction. With an
     * Idempotency-Key, a retry returns the job created the first time; a concurrent twin loses the
     * unique-key race and then finds the winner's job.
     */
    public Uni<Created> create(CreateJobRequest request, String idempotencyKey) {
        Uni<Created> created = idempotencyKey == null
                ? Panache.withTransaction(() -> insert(request, null)).map(job -> new Created(job, false))
                : Panache.withTransaction(() -> jobs.findByIdempotencyKey(idempotencyKey)
                        .flatMap(existing -> existing != null ? Uni.createFrom().item(replay(existing, request))
                                : insert(request, idempotencyKey).map(job -> new Created(job, false))))
                        .onFailure(ConstraintViolationException.class).recoverWithUni(() -> Panache.withSession(
                                () -> jobs.findByIdempotencyKey(idempotencyKey).map(job -> replay(job, request))));
        return created.flatMap(c -> withDetails(c.job()).map(job -> new Created(job, c.replayed())));
    }

    private Created replay(TrainingJob existing, CreateJobRequest request) {
        if (!existing.requestFingerprint.equals(request.fingerprint())) {
            throw new ApiProblem(422, "Idempotency-Key reused",
                    "this Idempotency-Key was already used for a different request (job " + existing.id + ")",
                    List.of(new ApiProblem.FieldError("Idempotency-Key", "already used with another body")));
        }
        return new Created(existing, true);
    }

    private Uni<TrainingJob> insert(CreateJobRequest request, String idempotencyKey) {
        return datasets.findById(request.datasetId()).flatMap(dataset -> {
            checkFits(request, dataset);
            TrainingJob job = newJob(request, dataset, idempotencyKey);
            job.description = request.description();
            job.tags = request.tags();
            return enqueue(job, "queued with " + job.priority.wireName() + " priority");
        });
    }

    /**
     * Estimates and stores a new job with its tags and first audit event. It waits in the queue until
     * the scheduler finds a free worker slot for it (io.trainyard.jobs.scheduling.JobScheduler).
     */
    private Uni<TrainingJob> enqueue(TrainingJob job, String message) {
        return estimateDuration(job).flatMap(estimate -> {
            job.estimatedDurationSeconds = estimate;
            return jobs.persist(job);
        }).call(() -> job.tags.isEmpty() ? Uni.createFrom().voidItem()
                : JobTag.persist(job.tags.stream().map(tag -> JobTag.of(job.id, tag))))
                .call(() -> events.persist(JobEvent.of(job, "created", null, message, job.createdAt)));
    }

    /**
     * Seconds per (training row x epoch) of the family's recent successes, the median of up to 20,
     * times this job's rows x epochs. Null without history: a guess would mislead.
     */
    private Uni<Long> estimateDuration(TrainingJob job) {
        return jobs.recentSuccesses(job.modelFamily, ESTIMATE_HISTORY).map(history -> {
            double[] rates = history.stream().filter(h -> h.trainRows > 0 && h.currentEpoch > 0)
                    .mapToDouble(h -> java.time.Duration.between(h.startedAt, h.finishedAt).toMillis() / 1000.0
                            / (h.trainRows * (double) h.currentEpoch))
                    .sorted().toArray();
            if (rates.length == 0) {
                return null;
            }
            double median = rates.length % 2 == 1 ? rates[rates.length / 2]
                    : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
            return Math.max(1L, Math.round(median * job.trainRows * job.totalEpochs));
        });
    }

    /**
     * A failed or cancelled job runs again as a new job with the same configuration; the two are
     * linked both ways ({@code retry_of}, {@code retried_as}).
     */
    public Uni<TrainingJob> retry(UUID id) {
        return Panache.withTransaction(() -> load(id).flatMap(original -> {
            if (original.status != JobStatus.FAILED && original.status != JobStatus.CANCELLED) {
                throw ApiProblem.conflict("job " + id + " is " + describe(original)
                        + "; only failed or cancelled jobs can be retried");
            }
            return jobs.tagsOf(List.of(id)).flatMap(tags -> {
                Instant now = Instant.now();
                TrainingJob job = new TrainingJob();
                job.id = UUID.randomUUID();
                job.name = original.name;
                job.datasetId = original.datasetId;
                job.modelFamily = original.modelFamily;
                job.modelName = original.modelName;
                job.status = JobStatus.QUEUED;
                job.hyperparameters = original.hyperparameters;
                job.validationSplit = original.validationSplit;
                job.trainRows = original.trainRows;
                job.valRows = original.valRows;
                job.totalEpochs = original.totalEpochs;
                job.description = original.description;
                job.tags = tags.stream().map(t -> t.key.tag()).toList();
                job.retryOf = original.id;
                job.priority = original.priority;
                job.createdAt = now;
                job.enqueueAt(now);
                original.retriedAs = List.of(job.id);
                return enqueue(job, "queued as a retry of " + original.id + " with " + job.priority.wireName()
                        + " priority")
                        .call(() -> events.persist(JobEvent.of(original, "retried", null, "retried as " + job.id,
                                now)));
            });
        })).flatMap(this::withDetails);
    }

    /** Loads what a job response shows beyond the job row: its tags and the retries made of it. */
    public Uni<TrainingJob> withDetails(TrainingJob job) {
        return withDetails(List.of(job)).map(list -> list.get(0));
    }

    public Uni<List<TrainingJob>> withDetails(List<TrainingJob> list) {
        if (list.isEmpty()) {
            return Uni.createFrom().item(list);
        }
        List<UUID> ids = list.stream().map(j -> j.id).toList();
        List<UUID> waiting = list.stream().filter(j -> j.status == JobStatus.QUEUED && j.dispatchedAt == null)
                .map(j -> j.id).toList();
        return Panache.withSession(() -> jobs.tagsOf(ids).flatMap(tags -> jobs.retriesOf(ids)
                .flatMap(retries -> (waiting.isEmpty() ? Uni.createFrom().item(Map.<UUID, Long>of())
                        : jobs.queuePositions(waiting)).map(places -> {
                            for (TrainingJob job : list) {
                                job.tags = tags.stream().filter(t -> t.key.jobId().equals(job.id))
                                        .map(t -> t.key.tag()).toList();
                                job.retriedAs = retries.stream().filter(r -> job.id.equals(r.retryOf))
                                        .map(r -> r.id).toList();
                                job.queuePosition = places.get(job.id);
                            }
                            return list;
                        }))));
    }

    private static void checkFits(CreateJobRequest request, Dataset dataset) {
        if (dataset == null) {
            throw new ApiProblem(422, "Unknown dataset", "dataset_id: dataset " + request.datasetId() + " does not exist",
                    List.of(new ApiProblem.FieldError("dataset_id", "no dataset with this id")));
        }
        if (dataset.taskType != request.modelFamily().taskType()) {
            throw new ApiProblem(422, "Model family does not fit the dataset", "model_family: " + request.modelFamily().wireName()
                    + " is a " + request.modelFamily().taskType().wireName() + " model but dataset " + dataset.id
                    + " is registered for " + dataset.taskType.wireName(),
                    List.of(new ApiProblem.FieldError("model_family", "does not fit the dataset's task type "
                            + dataset.taskType.wireName())));
        }
    }

    private TrainingJob newJob(CreateJobRequest request, Dataset dataset, String idempotencyKey) {
        Hyperparameters hp = request.hyperparameters();
        DatasetSplit split = DatasetSplit.of(dataset.rowCount, request.validationSplit());
        Instant now = Instant.now();
        TrainingJob job = new TrainingJob();
        job.id = UUID.randomUUID();
        job.name = request.name();
        job.datasetId = dataset.id;
        job.modelFamily = request.modelFamily().wireName();
        job.modelName = request.modelName();
        job.status = JobStatus.QUEUED;
        job.hyperparameters = hp;
        job.validationSplit = request.validationSplit();
        job.trainRows = split.trainRows();
        job.valRows = split.validationRows();
        job.totalEpochs = hp.epochs();
        job.idempotencyKey = idempotencyKey;
        job.requestFingerprint = request.fingerprint();
        job.priority = request.priority();
        job.createdAt = now;
        job.enqueueAt(now);
        return job;
    }

    /**
     * A queued or paused job is cancelled at once; a running one is asked to stop and reports
     * {@code cancelled} through the worker. Either way every worker hears the cancel, so a worker that
     * already picked up a queued job stops too.
     */
    public Uni<Transition> cancel(UUID id) {
        return detailed(Panache.withTransaction(() -> load(id).flatMap(job -> {
            if (job.status.isTerminal()) {
                throw ApiProblem.conflict("job " + id + " already " + job.status.wireName()
                        + "; only queued, running or paused jobs can be cancelled");
            }
            if (job.cancelRequestedAt != null) {
                return Uni.createFrom().item(new Transition(job, true));
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
                    pending ? "cancel requested; the worker stops after the current batch" : "cancelled before running",
                    now);
            return events.persist(event).call(() -> requestStop(job.id, "cancelled by user"))
                    .call(() -> pending ? Uni.createFrom().voidItem() : live.cancelled(job, now))
                    .map(ignored -> new Transition(job, pending));
        })));
    }

    /** Asks the worker running the job to stop after the current batch and keep a checkpoint. */
    public Uni<Transition> pause(UUID id) {
        return detailed(Panache.withTransaction(() -> load(id).flatMap(job -> {
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
                    .call(() -> outbox.enqueue(Outbox.TRAINING_CONTROL, job.id, EventTypes.PAUSE_TRAINING,
                            PauseTrainingCommand.of(job.id)))
                    .map(ignored -> new Transition(job, true));
        })));
    }

    /**
     * Queues a paused job again, at the end of its priority; whichever worker the scheduler gives it to
     * continues from its checkpoint.
     */
    public Uni<Transition> resume(UUID id) {
        return detailed(Panache.withTransaction(() -> load(id).flatMap(job -> {
            if (job.status != JobStatus.PAUSED) {
                throw ApiProblem.conflict("job " + id + " is " + describe(job) + "; only paused jobs can be resumed");
            }
            job.enqueueAt(Instant.now());
            String from = job.checkpoint() == null ? "from the start (no checkpoint)"
                    : "from the checkpoint after epoch " + job.checkpointEpoch;
            return events.persist(JobEvent.of(job, "resumed", null, "queued again " + from, job.queuedAt))
                    .map(ignored -> new Transition(job, false));
        })));
    }

    private Uni<Transition> detailed(Uni<Transition> transition) {
        return transition.flatMap(t -> withDetails(t.job()).map(job -> new Transition(job, t.pending())));
    }

    private Uni<TrainingJob> load(UUID id) {
        return jobs.findById(id).onItem().ifNull().failWith(() -> ApiProblem.notFound("job", id));
    }

    private static String describe(TrainingJob job) {
        if (job.cancelRequestedAt != null && !job.status.isTerminal()) {
            return "being cancelled";
        }
        return job.status.isTerminal() ? "already " + job.status.wireName() : job.status.wireName();
    }

    /** Tells every worker to stop this job; to be called inside the caller's transaction. */
    public Uni<Void> requestStop(UUID jobId, String reason) {
        return outbox.enqueue(Outbox.TRAINING_CONTROL, jobId, EventTypes.CANCEL_TRAINING,
                CancelTrainingCommand.of(jobId, reason)).replaceWithVoid();
    }

    public Uni<TrainingJob> get(UUID id) {
        return load(id).flatMap(this::withDetails);
    }

    public Uni<JobRepository.PageOf> search(JobRepository.Filter filter, int page, int pageSize) {
        return jobs.search(filter, page, pageSize)
                .flatMap(found -> withDetails(found.items()).map(items -> new JobRepository.PageOf(items, found.total())));
    }

    public Uni<List<TrainingJob>> active() {
        return jobs.active().flatMap(this::withDetails);
    }

    public Uni<List<JobEvent>> events(UUID id) {
        return get(id).flatMap(job -> events.forJob(id));
    }
}
