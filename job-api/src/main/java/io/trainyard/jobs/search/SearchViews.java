package io.trainyard.jobs.search;

import io.trainyard.jobs.job.TrainingJob;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A search and its trials as the API shows them. */
final class SearchViews {
    private SearchViews() {
    }

    /** Without its trials (lists). */
    static SearchResponse summary(Search search) {
        return response(search, null, 0, 0, null);
    }

    static SearchResponse of(Search search, List<SearchTrial> trials, Map<UUID, TrainingJob> jobs) {
        List<SearchResponse.Trial> views = trials.stream().map(t -> trial(t, jobs.get(t.jobId))).toList();
        int running = (int) trials.stream().map(t -> jobs.get(t.jobId))
                .filter(j -> j != null && !j.status.isTerminal()).count();
        Comparator<Double> order = search.direction.bestFirst();
        SearchResponse.Trial best = views.stream().filter(v -> v.value() != null && v.stoppedAtEpoch() == null)
                .min((a, b) -> order.compare(a.value(), b.value())).orElse(null);
        return response(search, views, trials.size(), running, best);
    }

    private static SearchResponse.Trial trial(SearchTrial trial, TrainingJob job) {
        return new SearchResponse.Trial(trial.key.number(), trial.jobId, job == null ? null : job.status, trial.params,
                trial.value, trial.stoppedAtEpoch, job == null ? null : job.currentEpoch);
    }

    private static SearchResponse response(Search s, List<SearchResponse.Trial> trials, int started, int running,
            SearchResponse.Trial best) {
        return new SearchResponse(s.id, s.tenant, s.owner, s.name, s.status.wireName(), s.message, s.experimentId,
                s.datasetId, s.modelFamily, s.modelName, s.space, s.metric, s.direction.wireName(),
                s.strategy.wireName(), new SearchResponse.Budget(s.maxTrials, s.maxParallel, s.maxRuntimeSeconds),
                s.asha() ? new SearchResponse.EarlyStopping("asha", s.ashaGraceEpochs, s.ashaReductionFactor) : null,
                s.seed, s.jobTemplate, started, running, best, s.bestModelVersion, trials, s.createdAt, s.deadlineAt,
                s.finishedAt);
    }
}
