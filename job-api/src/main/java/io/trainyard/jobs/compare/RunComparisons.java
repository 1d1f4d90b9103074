package io.trainyard.jobs.compare;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.jobs.experiment.ExperimentService;
import io.trainyard.jobs.gateway.ReadGateway;
import io.trainyard.jobs.job.JobRepository;
import io.trainyard.jobs.job.TrainingJob;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts runs side by side: chosen jobs, or an experiment's runs ranked in the database (so that an experiment of any
 * size costs one indexed query), with their hyperparameters, final metrics and per-epoch series from metrics-service.
 */
@ApplicationScoped
public class RunComparisons {
    public static final int MAX_RUNS = 20;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /**
     * What to compare: {@code jobIds} (in the caller's order) or an experiment's runs; ranked by {@code sortBy} in
     * {@code direction} when given, cut to the best {@code top}.
     */
    public record Query(List<UUID> jobIds, UUID experimentId, String sortBy, MetricDirection direction, int top) {
    }

    /** The runs kept, and how many were ranked to find them. */
    private record Ranked(List<TrainingJob> jobs, long considered) {
    }

    private final JobRepository jobs;
    private final ExperimentService experiments;
    private final ReadGateway gateway;
    private final ObjectMapper json;

    public RunComparisons(JobRepository jobs, ExperimentService experiments, ReadGateway gateway, ObjectMapper json) {
        this.jobs = jobs;
        this.experiments = experiments;
        this.gateway = gateway;
        this.json = json;
    }

    public Uni<Comparison> compare(Caller caller, Query query) {
        Uni<Ranked> ranked = Panache.withSession(() -> query.experimentId() != null ? experimentRuns(caller, query)
                : chosenRuns(caller, query));
        return ranked.flatMap(runs -> series(runs.jobs()).map(series -> build(runs, series, query)));
    }

    private Uni<Ranked> chosenRuns(Caller caller, Query query) {
        return jobs.list("id in ?1", query.jobIds()).map(found -> {
            Map<UUID, TrainingJob> byId = found.stream().filter(job -> caller.canRead(job.tenant))
                    .collect(Collectors.toMap(job -> job.id, Function.identity()));
            List<TrainingJob> inOrder = new ArrayList<>();
            for (UUID id : query.jobIds()) {
                TrainingJob job = byId.get(id);
                if (job == null) {
                    throw ApiProblem.notFound("job", id);
                }
                inOrder.add(job);
            }
            if (query.sortBy() != null) {
                inOrder.sort(Comparator.comparing(job -> metric(job, query.sortBy()), query.direction().bestFirst()));
            }
            return new Ranked(inOrder.stream().limit(query.top()).toList(), inOrder.size());
        });
    }

    private Uni<Ranked> experimentRuns(Caller caller, Query query) {
        return experiments.visible(caller, query.experimentId()).flatMap(experiment -> jobs
                .bestOfExperiment(experiment.id, query.sortBy(), query.direction(), query.top())
                .flatMap(best -> jobs.count(new JobRepository.Filter(null, null, null, null, null, null,
                        experiment.id)).map(total -> new Ranked(best, total))));
    }

    /** Each run's per-epoch series, fetched in parallel; a failure leaves the comparison without series. */
    private Uni<SeriesOrError> series(List<TrainingJob> runs) {
        if (runs.isEmpty()) {
            return Uni.createFrom().item(new SeriesOrError(new Comparison.Series(List.of(), List.of()), null));
        }
        List<Uni<Map.Entry<UUID, JsonNode>>> fetches = runs.stream()
                .map(job -> gateway.metrics(job.id).map(answer -> Map.entry(job.id, answer))).toList();
        return Uni.join().all(fetches).andFailFast().map(entries -> {
            Map<UUID, JsonNode> byRun = new LinkedHashMap<>();
            entries.forEach(e -> byRun.put(e.getKey(), e.getValue()));
            return new SeriesOrError(EpochSeries.align(byRun), null);
        }).onFailure().recoverWithItem(e -> new SeriesOrError(null, e.getMessage()));
    }

    private record SeriesOrError(Comparison.Series series, String error) {
    }

    private Comparison build(Ranked ranked, SeriesOrError series, Query query) {
        Instant now = Instant.now();
        List<Map<String, Object>> hyperparameters = ranked.jobs().stream()
                .map(job -> job.hyperparameters == null ? Map.<String, Object>of()
                        : json.convertValue(job.hyperparameters, MAP)).toList();
        List<Comparison.Run> runs = new ArrayList<>();
        int rank = 0;
        for (int i = 0; i < ranked.jobs().size(); i++) {
            TrainingJob job = ranked.jobs().get(i);
            boolean ranks = query.sortBy() != null && metric(job, query.sortBy()) != null;
            runs.add(new Comparison.Run(job.id, job.name, job.status, job.modelFamily, job.experimentId,
                    hyperparameters.get(i), job.finalMetrics, job.bestEpoch, duration(job, now),
                    ranks ? ++rank : null));
        }
        return new Comparison(query.sortBy(), query.sortBy() == null ? null : query.direction().wireName(),
                ranked.considered(), runs, side(hyperparameters), series.series(), series.error());
    }

    /** Every hyperparameter name any run has, sorted, with the runs' values and whether they differ. */
    static List<Comparison.Hyperparameter> side(List<Map<String, Object>> runs) {
        TreeSet<String> names = new TreeSet<>();
        runs.forEach(run -> names.addAll(run.keySet()));
        return names.stream().map(name -> {
            List<Object> values = runs.stream().map(run -> run.get(name)).toList();
            boolean differs = values.stream().anyMatch(v -> !Objects.equals(v, values.get(0)))
                    || runs.stream().anyMatch(run -> !run.containsKey(name));
            return new Comparison.Hyperparameter(name, differs, values);
        }).toList();
    }

    private static Double metric(TrainingJob job, String name) {
        return job.finalMetrics == null ? null : job.finalMetrics.get(name);
    }

    private static Double duration(TrainingJob job, Instant now) {
        if (job.startedAt == null) {
            return null;
        }
        return Duration.between(job.startedAt, job.finishedAt != null ? job.finishedAt : now).toMillis() / 1000.0;
    }
}
