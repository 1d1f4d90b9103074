package io.trainyard.contracts;

import java.util.Comparator;
import java.util.Locale;
import java.util.Set;

/**
 * Which way a metric improves, known from its name, so that every ranking (registry versions, run comparisons,
 * searches) agrees: losses and errors ({@code *loss}, {@code *rmse}, {@code *mae}, {@code *mape}) fall, everything
 * else (accuracy, R², F1, precision, recall) rises.
 */
public enum MetricDirection {
    LOWER_IS_BETTER, HIGHER_IS_BETTER;

    private static final Set<String> ERROR_SUFFIXES = Set.of("loss", "rmse", "mae", "mape");

    public static MetricDirection of(String metric) {
        return ERROR_SUFFIXES.stream().anyMatch(metric::endsWith) ? LOWER_IS_BETTER : HIGHER_IS_BETTER;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Values best first in this direction; a missing value (null) last. */
    public Comparator<Double> bestFirst() {
        Comparator<Double> values = this == LOWER_IS_BETTER ? Comparator.naturalOrder() : Comparator.reverseOrder();
        return Comparator.nullsLast(values);
    }
}
