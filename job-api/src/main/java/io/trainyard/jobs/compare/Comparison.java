package io.trainyard.jobs.compare;

import io.trainyard.contracts.JobStatus;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs side by side, as the compare endpoint answers.
 *
 * @param sortBy          the metric the runs are ranked by; null: newest first (an experiment) or as asked (ids)
 * @param direction       which way {@code sortBy} improves ({@code lower_is_better} or {@code higher_is_better})
 * @param runsConsidered  how many runs were ranked before the top N were kept (an experiment's runs; the ids given)
 * @param hyperparameters every hyperparameter any run has, its values in the order of {@code runs}
 * @param series          the per-epoch series aligned by epoch; null when metrics-service could not be reached
 * @param seriesError     why {@code series} is null
 */
public record Comparison(String sortBy, String direction, long runsConsidered, List<Run> runs,
        List<Hyperparameter> hyperparameters, Series series, String seriesError) {

    /**
     * One run.
     *
     * @param rank            1 for the best by {@code sort_by}; null without one or without a value of it
     * @param durationSeconds started to finished (or to now, while it runs); null before it started
     */
    public record Run(UUID jobId, String name, JobStatus status, String modelFamily, UUID experimentId,
            Map<String, Object> hyperparameters, Map<String, Double> finalMetrics, Integer bestEpoch,
            Double durationSeconds, Integer rank) {
    }

    /** A hyperparameter across the runs, and whether they differ in it (a run without it differs). */
    public record Hyperparameter(String name, boolean differs, List<Object> values) {
    }

    /** Every epoch any run reported, and each run's metrics at those epochs (null where it has none). */
    public record Series(List<Integer> epochs, List<RunSeries> runs) {
    }

    public record RunSeries(UUID jobId, Map<String, List<Double>> metrics) {
    }
}
