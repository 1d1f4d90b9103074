package io.trainyard.jobs.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobStatus;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.jobs.job.CreateJobRequest;
import io.trainyard.jobs.job.JobCommands;
import io.trainyard.jobs.job.TrainingJob;
import io.trainyard.jobs.registry.ModelRegistry;
import io.trainyard.jobs.registry.RegisteredModel;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Moves every running search on, one transaction per search (locked with SKIP LOCKED, so replicas share the
 * searches): records the metric of trials that ended, starts trials while the budget allows (the strategy proposes
 * their hyperparameters from what the finished ones scored), stops the running ones past the deadline, and ends
 * the search with its best trial, whose registered model version gets the alias {@code best}. Everything it knows
 * is in the database, so a restarted job-api picks up where the last pass left off.
 */
@ApplicationScoped
public class SearchDriver {
    static final String BEST_ALIAS = "best";
    private static final Logger LOG = Logger.getLogger(SearchDriver.class);

    private final SearchRepository searches;
    private final SearchTrialRepository trials;
    private final JobCommands commands;
    private final ModelRegistry registry;
    private final SearchConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    public SearchDriver(SearchRepository searches, SearchTrialRepository trials, JobCommands commands,
            ModelRegistry registry, SearchConfig config, Clock clock, ObjectMapper json) {
        this.searches = searches;
        this.trials = trials;
        this.commands = commands;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    @Scheduled(every = "${trainyard.searches.interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return pass().onFailure().invoke(e -> LOG.warnf("search pass failed, the next one retries: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One step of every running search; answers how many it stepped. */
    public Uni<Integer> pass() {
        return Panache.withSession(searches::running).flatMap(ids -> step(ids, 0, 0));
    }

    private Uni<Integer> step(List<UUID> ids, int index, int stepped) {
        if (index >= ids.size()) {
            return Uni.createFrom().item(stepped);
        }
        return Panache.withTransaction(() -> searches.claim(ids.get(index)).flatMap(search -> search == null
                ? Uni.createFrom().item(false) : step(search).replaceWith(true)))
                .flatMap(done -> step(ids, index + 1, stepped + (done ? 1 : 0)));
    }

    private Uni<Void> step(Search search) {
        return trials.of(search.id).flatMap(all -> trials.jobsOf(all).flatMap(byId -> step(search, all, byId)));
    }

    private Uni<Void> step(Search search, List<SearchTrial> all, Map<UUID, TrainingJob> byId) {
        Instant now = clock.instant();
        for (SearchTrial trial : all) {
            TrainingJob job = byId.get(trial.jobId);
            if (trial.value == null && trial.stoppedAtEpoch == null && job != null && job.status == JobStatus.SUCCEEDED
                    && job.finalMetrics != null) {
                trial.value = job.finalMetrics.get(search.metric);
            }
        }
        List<TrainingJob> active = all.stream().map(t -> byId.get(t.jobId))
                .filter(j -> j != null && !j.status.isTerminal()).toList();
        boolean pastDeadline = !now.isBefore(search.deadlineAt);
        if (pastDeadline) {
            Uni<Void> stopping = Uni.createFrom().voidItem();
            for (TrainingJob job : active) {
                stopping = stopping.call(() -> commands.stop(job, "search " + search.name + " ran out of time"));
            }
            return active.isEmpty() ? finish(search, all, byId, now, "the runtime budget ran out") : stopping;
        }
        int limit = search.strategy == Search.Strategy.GRID
                ? Math.min(search.maxTrials, space(search).grid().size()) : search.maxTrials;
        if (all.size() >= limit) {
            return active.isEmpty() ? finish(search, all, byId, now, "all " + all.size() + " trials ran")
                    : Uni.createFrom().voidItem();
        }
        Uni<Void> started = Uni.createFrom().voidItem();
        int free = Math.min(search.maxParallel - active.size(), limit - all.size());
        List<SearchTrial> known = new java.util.ArrayList<>(all);
        for (int i = 0; i < free; i++) {
            started = started.call(() -> search.status == Search.Status.RUNNING ? startTrial(search, known)
                    : Uni.createFrom().voidItem());
        }
        return started;
    }

    /** Proposes the next trial's hyperparameters and creates its job, as the search's owner. */
    private Uni<Void> startTrial(Search search, List<SearchTrial> known) {
        int number = known.size() + 1;
        SearchSpace space = space(search);
        Map<String, Object> params = switch (search.strategy) {
            case GRID -> space.grid().get(number - 1);
            case RANDOM -> space.sample(SearchSpace.generator(search.seed, number));
            case TPE -> Tpe.propose(space, observations(search, known),
                    SearchSpace.generator(search.seed, number));
        };
        Map<String, Object> body = new HashMap<>(search.jobTemplate);
        @SuppressWarnings("unchecked")
        Map<String, Object> hyperparameters = new HashMap<>((Map<String, Object>) body.getOrDefault("hyperparameters",
                Map.of()));
        hyperparameters.putAll(params);
        body.put("hyperparameters", hyperparameters);
        body.put("name", search.name + " #" + number);
        body.put("dataset_id", search.datasetId.toString());
        body.put("model_family", search.modelFamily);
        body.put("model_name", search.modelName);
        body.put("experiment_id", search.experimentId.toString());
        CreateJobRequest request;
        try {
            request = CreateJobRequest.parse(json.writeValueAsString(body), json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        SearchTrial trial = new SearchTrial();
        trial.key = new SearchTrial.Key(search.id, number);
        trial.params = params;
        trial.createdAt = clock.instant();
        known.add(trial);
        Caller owner = new Caller(search.owner, search.tenant, Set.of());
        return commands.createOnBehalf(owner, request, "trial " + number + " of search " + search.name)
                .flatMap(job -> {
                    trial.jobId = job.id;
                    return trials.persist(trial);
                }).replaceWithVoid()
                // Refused before anything was written (what it names is no longer there): retrying cannot help, so
                // the search ends saying why instead of failing every pass.
                .onFailure(ApiProblem.class).recoverWithItem(e -> {
                    Instant now = clock.instant();
                    search.status = Search.Status.FAILED;
                    search.message = "trial " + number + " could not be created: " + e.getMessage();
                    search.finishedAt = now;
                    search.updatedAt = now;
                    LOG.warnf("search %s failed: %s", search.name, search.message);
                    return null;
                });
    }

    /** What the finished trials scored, lower is better; those ASHA stopped count as worse than every finished one. */
    private static List<Tpe.Observation> observations(Search search, List<SearchTrial> known) {
        double sign = search.direction == MetricDirection.LOWER_IS_BETTER ? 1 : -1;
        List<SearchTrial> finished = known.stream().filter(t -> t.value != null && t.stoppedAtEpoch == null).toList();
        double worst = finished.stream().mapToDouble(t -> sign * t.value).max().orElse(0) + 1;
        return known.stream().filter(t -> t.value != null || t.stoppedAtEpoch != null)
                .map(t -> new Tpe.Observation(t.params, t.stoppedAtEpoch != null ? worst : sign * t.value)).toList();
    }

    /** Ends the search with its best finished trial: its model version gets the alias {@code best}. */
    private Uni<Void> finish(Search search, List<SearchTrial> all, Map<UUID, TrainingJob> byId, Instant now,
            String why) {
        var order = search.direction.bestFirst();
        SearchTrial best = all.stream().filter(t -> t.value != null && t.stoppedAtEpoch == null
                && byId.get(t.jobId) != null && byId.get(t.jobId).modelVersion != null)
                .min((a, b) -> order.compare(a.value, b.value)).orElse(null);
        search.finishedAt = now;
        search.updatedAt = now;
        if (best == null) {
            search.status = Search.Status.FAILED;
            search.message = why + "; no trial finished with " + search.metric;
            LOG.infof("search %s failed: %s", search.name, search.message);
            return Uni.createFrom().voidItem();
        }
        TrainingJob job = byId.get(best.jobId);
        search.status = Search.Status.SUCCEEDED;
        search.bestJobId = job.id;
        search.bestValue = best.value;
        search.bestModelVersion = job.modelVersion;
        long stopped = all.stream().filter(t -> t.stoppedAtEpoch != null).count();
        search.message = why + (stopped > 0 ? " (" + stopped + " stopped early)" : "") + "; best: trial "
                + best.key.number() + " with " + search.metric + " " + best.value + ", registered as "
                + search.modelName + " version " + job.modelVersion + " (alias " + BEST_ALIAS + ")";
        LOG.infof("search %s succeeded: %s", search.name, search.message);
        return registry.pointAlias(new RegisteredModel.Key(search.tenant, search.modelName), BEST_ALIAS,
                job.modelVersion).replaceWithVoid();
    }

    private SearchSpace space(Search search) {
        return SearchSpace.of(search.space, json);
    }
}
