package io.trainyard.jobs.bundle;

import io.trainyard.contracts.Evaluation;

import java.util.Map;

/** {@code metrics.json}: the version's final metrics and evaluation. */
public record BundleMetrics(Map<String, Double> metrics, Evaluation evaluation) {
}
