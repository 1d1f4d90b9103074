package io.trainyard.jobs.search;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.experiment.ExperimentService;
import io.trainyard.jobs.job.JobCommands;
import io.trainyard.jobs.job.TrainingJob;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.ApiProblem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Creates, finds and cancels searches; the driver ({@link SearchDriver}) runs them. */
@ApplicationScoped
public class SearchService {
    private final SearchRepository searches;
    private final SearchTrialRepository trials;
    private final DatasetRepository datasets;
    private final ExperimentService experiments;
    private final JobCommands commands;
    private final Clock clock;

    public SearchService(SearchRepository searches, SearchTrialRepository trials, DatasetRepository datasets,
            ExperimentService experiments, JobCommands commands, Clock clock) {
        this.searches = searches;
        this.trials = trials;
        this.datasets = datasets;
        this.experiments = experiments;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * A new running search of the caller's tenant on one dataset (every trial trains on the same version), its
     * trials in the experiment it names or in one of its own name. The driver starts the first trials at its next
     * pass. A name the tenant already uses is a 409.
     */
    public Uni<SearchResponse> create(Caller caller, SearchRequest request) {
        String tenant = caller.homeTenant();
        Instant now = clock.instant();
        Search search = new Search();
        search.id = UUID.randomUUID();
        search.tenant = tenant;
        search.owner = caller.user();
        search.name = request.name();
        search.datasetId = request.datasetId();
        search.modelFamily = request.family().wireName();
        search.modelName = io.trainyard.jobs.job.CreateJobRequest.defaultModelName(request.name());
        search.jobTemplate = request.job();
        search.space = request.space().toJson();
        search.metric = request.metric();
        search.direction = request.direction();
        search.strategy = request.strategy();
        search.maxTrials = request.maxTrials();
        search.maxParallel = request.maxParallel();
        search.maxRuntimeSeconds = request.maxRuntimeSeconds();
        search.ashaGraceEpochs = request.ashaGrace();
        search.ashaReductionFactor = request.ashaReduction();
        search.seed = request.seed();
        search.status = Search.Status.RUNNING;
        search.createdAt = now;
        search.updatedAt = now;
        search.deadlineAt = now.plusSeconds(request.maxRuntimeSeconds());
        String experiment = request.experiment() != null ? request.experiment() : request.name();
        return Panache.withTransaction(() -> datasets.findById(request.datasetId()).flatMap(dataset -> {
            if (dataset == null || !dataset.tenant.equals(tenant)) {
                throw new ApiProblem(422, "Unknown dataset", "dataset_id: dataset " + request.datasetId()
                        + " does not exist", List.of(new FieldError("dataset_id", "no dataset with this id")));
            }
            JobCommands.requireFits(request.family(), dataset, "model_family");
            return experiments.findOrCreate(tenant, caller.user(), experiment, "trials of search " + request.name());
        }).flatMap(experimentId -> {
            search.experimentId = experimentId;
            return searches.persist(search);
        })).onFailure(ConstraintViolationException.class).transform(e -> new ApiProblem(409, "Search name taken",
                "the tenant already has a search named \"" + search.name + "\"",
                List.of(new FieldError("name", "already used in this tenant"))))
                .map(saved -> SearchViews.of(saved, List.of(), java.util.Map.of()));
    }

    @WithSession
    public Uni<List<SearchResponse>> list(Caller caller, String tenant) {
        return searches.all(caller.listScope(tenant)).map(found -> found.stream()
                .map(s -> SearchViews.summary(s)).toList());
    }

    @WithSession
    public Uni<SearchResponse> get(Caller caller, UUID id) {
        return visible(caller, id).flatMap(this::withTrials);
    }

    /** Cancels a running search and every trial still running; the trials that finished stay. */
    public Uni<SearchResponse> cancel(Caller caller, UUID id) {
        return Panache.withTransaction(() -> visible(caller, id).flatMap(search -> {
            caller.requireManage(search.tenant, search.owner, "search " + id);
            if (search.status != Search.Status.RUNNING) {
                throw ApiProblem.conflict("search " + id + " already " + search.status.wireName()
                        + "; only a running search can be cancelled");
            }
            Instant now = clock.instant();
            search.status = Search.Status.CANCELLED;
            search.message = "cancelled by " + caller.user();
            search.finishedAt = now;
            search.updatedAt = now;
            return trials.of(search.id).flatMap(trials::jobsOf).flatMap(jobs -> {
                Uni<Void> stopping = Uni.createFrom().voidItem();
                for (TrainingJob job : jobs.values()) {
                    stopping = stopping.call(() -> commands.stop(job, "search " + search.name + " cancelled"));
                }
                return stopping;
            }).replaceWith(search);
        })).flatMap(search -> Panache.withSession(() -> withTrials(search)));
    }

    private Uni<Search> visible(Caller caller, UUID id) {
        return searches.findById(id).map(s -> s != null && caller.canRead(s.tenant) ? s : null)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("search", id));
    }

    private Uni<SearchResponse> withTrials(Search search) {
        return trials.of(search.id).flatMap(all -> trials.jobsOf(all).map(jobs -> SearchViews.of(search, all, jobs)));
    }
}
