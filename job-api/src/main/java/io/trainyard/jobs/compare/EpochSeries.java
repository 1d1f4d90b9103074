package io.trainyard.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Per-epoch series of several runs aligned by epoch, for overlaid curves: one list of epochs (every epoch any run
 * reported) and, per run and metric, one value per epoch of that list (null where the run has none: it stopped
 * earlier, ran fewer epochs or does not report the metric).
 */
final class EpochSeries {
    /** Fields of a metrics-service epoch that say which epoch it is, not how it went. */
    private static final Set<String> NOT_METRICS = Set.of("epoch", "total_epochs");

    private EpochSeries() {
    }

    /** The aligned series of runs, given each run's metrics-service answer ({@code items}: one object per epoch). */
    static Comparison.Series align(Map<UUID, JsonNode> byRun) {
        Map<UUID, Map<Integer, JsonNode>> epochsByRun = new LinkedHashMap<>();
        Set<Integer> epochs = new TreeSet<>();
        byRun.forEach((run, answer) -> {
            Map<Integer, JsonNode> byEpoch = new TreeMap<>();
            answer.path("items").forEach(item -> {
                if (item.path("epoch").canConvertToInt()) {
                    byEpoch.put(item.get("epoch").intValue(), item);
                }
            });
            epochs.addAll(byEpoch.keySet());
            epochsByRun.put(run, byEpoch);
        });
        List<Integer> axis = List.copyOf(epochs);
        List<Comparison.RunSeries> runs = new ArrayList<>();
        epochsByRun.forEach((run, byEpoch) -> {
            Map<String, List<Double>> metrics = new TreeMap<>();
            for (int i = 0; i < axis.size(); i++) {
                JsonNode item = byEpoch.get(axis.get(i));
                if (item == null) {
                    continue;
                }
                int at = i;
                item.fields().forEachRemaining(field -> {
                    if (!NOT_METRICS.contains(field.getKey()) && field.getValue().isNumber()) {
                        metrics.computeIfAbsent(field.getKey(), name -> new ArrayList<>(
                                Collections.nCopies(axis.size(), null))).set(at, field.getValue().doubleValue());
                    }
                });
            }
            runs.add(new Comparison.RunSeries(run, metrics));
        });
        return new Comparison.Series(axis, runs);
    }
}
