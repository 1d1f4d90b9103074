package io.trainyard.jobs.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.contracts.ModelFamily;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strategies and ASHA's rule on their own: the numbers behind the search tests. */
class StrategiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUDGET = 20;
    private static final int SEEDS = 60;

    /** A two-dimensional space with one good region: learning rate near 0.05 and dropout near 0.1. */
    private static double loss(Map<String, Object> p) {
        double lr = ((Number) p.get("learning_rate")).doubleValue();
        double dropout = ((Number) p.get("dropout")).doubleValue();
        return Math.abs(Math.log10(lr) - Math.log10(0.05)) + 2 * Math.abs(dropout - 0.1);
    }

    @Test
    void tpeEndsCloserToTheOptimumThanRandomSearchOnTheSameBudget() throws Exception {
        SearchSpace space = SearchSpace.parse(JSON.readTree("""
                {"learning_rate": {"type": "log_uniform", "min": 0.0001, "max": 1.0},
                 "dropout": {"type": "uniform", "min": 0.0, "max": 0.8}}"""), ModelFamily.MLP_CLASSIFIER, JSON,
                new ArrayList<>());
        double tpe = 0;
        double random = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Tpe.Observation> seen = new ArrayList<>();
            double bestRandom = Double.MAX_VALUE;
            for (int trial = 1; trial <= BUDGET; trial++) {
                Map<String, Object> proposal = Tpe.propose(space, seen, SearchSpace.generator(seed, trial));
                seen.add(new Tpe.Observation(proposal, loss(proposal)));
                // Random search draws from seeds of its own, so that its trials are not TPE's first five.
                bestRandom = Math.min(bestRandom, loss(space.sample(SearchSpace.generator(seed + 100_000, trial))));
            }
            tpe += seen.stream().mapToDouble(Tpe.Observation::loss).min().orElseThrow();
            random += bestRandom;
        }
        System.out.printf("[strategies] mean best distance from the optimum after %d trials, %d seeds: tpe %.3f, "
                + "random %.3f%n", BUDGET, SEEDS, tpe / SEEDS, random / SEEDS);
        assertTrue(tpe < random * 0.85, "tpe " + tpe / SEEDS + " vs random " + random / SEEDS);
    }

    @Test
    void consecutiveTrialsOfOneSearchAreIndependentDrawsThatCoverTheRange() throws Exception {
        SearchSpace space = SearchSpace.parse(JSON.readTree("""
                {"learning_rate": {"type": "log_uniform", "min": 0.0001, "max": 1.0}}"""), ModelFamily.MLP_CLASSIFIER,
                JSON, new ArrayList<>());
        double[] decades = new double[20];
        for (int trial = 1; trial <= decades.length; trial++) {
            decades[trial - 1] = Math.log10(((Number) space.sample(SearchSpace.generator(42, trial))
                    .get("learning_rate")).doubleValue());
        }
        double spread = java.util.Arrays.stream(decades).max().orElseThrow()
                - java.util.Arrays.stream(decades).min().orElseThrow();
        assertTrue(spread > 3, "20 trials span " + spread + " of the 4 decades: " + java.util.Arrays.toString(decades));
        assertEquals(decades[4], Math.log10(((Number) space.sample(SearchSpace.generator(42, 5))
                .get("learning_rate")).doubleValue()), "the same seed and trial give the same draw");
    }

    @Test
    void aGridTriesEveryCombinationOfChoicesAndRangePoints() throws Exception {
        SearchSpace space = SearchSpace.parse(JSON.readTree("""
                {"learning_rate": {"type": "log_uniform", "min": 0.001, "max": 0.1},
                 "hidden_layers": {"type": "choice", "values": [[8], [16, 8]]},
                 "batch_size": {"type": "int", "min": 8, "max": 9}}"""), ModelFamily.MLP_CLASSIFIER, JSON,
                new ArrayList<>());
        var grid = space.grid();
        assertEquals(3 * 2 * 2, grid.size());
        assertEquals(0.01, ((Number) grid.get(2 * 2).get("learning_rate")).doubleValue(), 1e-12, "the log midpoint");
        assertEquals(List.of(16, 8), grid.get(2).get("hidden_layers"));
    }

    @Test
    void ashaStopsATrialOutsideTheBestThirdOfItsRungAndNeverOneAlone() {
        assertFalse(Asha.stops(0.9, List.of(0.9), MetricDirection.LOWER_IS_BETTER, 3));
        assertTrue(Asha.stops(0.9, List.of(0.3, 0.9), MetricDirection.LOWER_IS_BETTER, 3));
        assertFalse(Asha.stops(0.3, List.of(0.3, 0.9), MetricDirection.LOWER_IS_BETTER, 3));
        // Higher is better: of 0.2, 0.5, 0.8 and 0.9 the cut-off (a third of the way from the best) is 0.8.
        assertTrue(Asha.stops(0.5, List.of(0.2, 0.5, 0.8, 0.9), MetricDirection.HIGHER_IS_BETTER, 3));
        assertFalse(Asha.stops(0.8, List.of(0.2, 0.5, 0.8, 0.9), MetricDirection.HIGHER_IS_BETTER, 3));
    }

    @Test
    void rungsAreGraceTimesPowersOfTheReductionFactorBeforeTheLastEpoch() {
        Search search = new Search();
        search.ashaGraceEpochs = 2;
        search.ashaReductionFactor = 3;
        List<Integer> rungs = new ArrayList<>();
        for (int epoch = 1; epoch <= 30; epoch++) {
            if (Asha.isRung(epoch, 18, search)) {
                rungs.add(epoch);
            }
        }
        assertEquals(List.of(2, 6), rungs, "18 is the last epoch, not a rung");
    }

    @Test
    void aSpaceTheFamilyCannotTakeIsRefusedPerHyperparameter() throws Exception {
        var errors = new ArrayList<io.trainyard.support.problem.ApiProblem.FieldError>();
        SearchSpace space = SearchSpace.parse(JSON.readTree("""
                {"learning_rate": {"type": "uniform", "min": 0.1, "max": 50},
                 "conv_filters": {"type": "int", "min": 1, "max": 8},
                 "dropout": {"type": "log_uniform", "min": 0, "max": 0.5}}"""), ModelFamily.MLP_CLASSIFIER, JSON,
                errors);
        assertEquals(null, space);
        assertEquals(List.of("space.learning_rate", "space.conv_filters", "space.dropout"),
                errors.stream().map(e -> e.field()).distinct().toList(), errors.toString());
    }
}
