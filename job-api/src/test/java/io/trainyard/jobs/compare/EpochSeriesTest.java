package io.trainyard.jobs.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpochSeriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsOfDifferentLengthsShareOneEpochAxisWithGapsWhereARunHasNoValue() throws Exception {
        UUID shortRun = UUID.randomUUID();
        UUID longRun = UUID.randomUUID();
        Map<UUID, JsonNode> answers = new LinkedHashMap<>();
        answers.put(shortRun, JSON.readTree("""
                {"items": [{"epoch": 2, "total_epochs": 2, "val_loss": 0.5, "recorded_at": "2026-01-01T00:00:00Z"},
                           {"epoch": 1, "total_epochs": 2, "val_loss": 0.9}]}"""));
        // A regression run: other metrics; its second epoch is missing (not projected yet).
        answers.put(longRun, JSON.readTree("""
                {"items": [{"epoch": 1, "val_loss": 1.0, "val_rmse": 3.0},
                           {"epoch": 3, "val_loss": 0.4, "val_rmse": 2.0}]}"""));

        Comparison.Series series = EpochSeries.align(answers);

        assertEquals(List.of(1, 2, 3), series.epochs());
        Map<String, List<Double>> first = series.runs().get(0).metrics();
        assertEquals(shortRun, series.runs().get(0).jobId());
        assertEquals(Arrays.asList(0.9, 0.5, null), first.get("val_loss"));
        assertFalse(first.containsKey("val_rmse"), "a metric the run never reported is not a row of nulls");
        assertFalse(first.containsKey("total_epochs") || first.containsKey("epoch"));
        Map<String, List<Double>> second = series.runs().get(1).metrics();
        assertEquals(Arrays.asList(1.0, null, 0.4), second.get("val_loss"));
        assertEquals(Arrays.asList(3.0, null, 2.0), second.get("val_rmse"));
    }

    @Test
    void aHyperparameterDiffersWhenAnyRunHasAnotherValueOrNoneAtAll() {
        List<Comparison.Hyperparameter> side = RunComparisons.side(List.of(
                Map.of("epochs", 3, "learning_rate", 0.01, "hidden_layers", List.of(16, 16)),
                Map.of("epochs", 6, "learning_rate", 0.01, "hidden_layers", List.of(16, 16)),
                Map.of("epochs", 3, "learning_rate", 0.01)));
        assertEquals(List.of("epochs", "hidden_layers", "learning_rate"),
                side.stream().map(Comparison.Hyperparameter::name).toList());
        assertTrue(side.get(0).differs());
        assertEquals(List.of(3, 6, 3), side.get(0).values());
        assertTrue(side.get(1).differs(), "the third run has no hidden layers setting");
        assertFalse(side.get(2).differs());
    }
}
