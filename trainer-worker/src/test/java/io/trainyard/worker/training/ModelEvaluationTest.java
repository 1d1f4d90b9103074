package io.trainyard.worker.training;

import io.trainyard.contracts.Evaluation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ModelEvaluationTest {

    /** Logits that make {@code predicted} the argmax of each row. */
    static float[] logits(int[] predicted, int classes) {
        float[] logits = new float[predicted.length * classes];
        for (int i = 0; i < predicted.length; i++) {
            logits[i * classes + predicted[i]] = 5f;
        }
        return logits;
    }

    @Test
    void classificationCountsAccuracyMacroF1AndTheConfusionMatrix() {
        int[] truth = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 2, 2};
        Evaluation e = ModelEvaluation.classification(truth, logits(predicted, 3), List.of("a", "b", "c"));
        assertEquals(4.0 / 6, e.accuracy(), 1e-12);
        assertEquals(List.of(List.of(2L, 1L, 0L), List.of(0L, 1L, 1L), List.of(0L, 0L, 1L)),
                e.confusionMatrix().counts());
        // F1 per class: a = 2*1*(2/3)/(1+2/3) = 0.8; b = p 1/2, r 1/2 -> 0.5; c = p 1/2, r 1 -> 2/3.
        assertEquals((0.8 + 0.5 + 2.0 / 3) / 3, e.macroF1(), 1e-12);
        assertNull(e.rocAuc(), "three classes");
        assertNull(e.rmse());
    }

    @Test
    void macroF1LeavesOutClassesAbsentFromTheSplit() {
        int[] truth = {0, 0, 1};
        int[] predicted = {0, 0, 1};
        Evaluation e = ModelEvaluation.classification(truth, logits(predicted, 3), List.of("a", "b", "c"));
        assertEquals(1.0, e.macroF1(), 1e-12);
        assertEquals(List.of(0L, 0L, 0L), e.confusionMatrix().counts().get(2));
    }

    @Test
    void rocAucRanksTheSecondClassesProbabilityWithTiesSharingTheirRank() {
        // Perfectly separated, one tie across the classes: (0.4 vs 0.4) counts half.
        int[] truth = {0, 0, 1, 1};
        double[] scores = {0.1, 0.4, 0.4, 0.9};
        assertEquals((1 + 1 + 0.5 + 1) / 4.0, ModelEvaluation.rocAuc(truth, scores), 1e-12);
        assertEquals(0.75, ModelEvaluation.rocAuc(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8}), 1e-12);
        assertNull(ModelEvaluation.rocAuc(new int[] {1, 1}, new double[] {0.2, 0.3}), "one class only");

        float[] logits = {2f, 0f, 0f, 1f, 1f, 0f, 0f, 3f};
        Evaluation e = ModelEvaluation.classification(new int[] {0, 1, 0, 1}, logits, List.of("no", "yes"));
        assertEquals(1.0, e.rocAuc(), 1e-12, "P(yes) is higher for both yes rows");
        assertEquals(1.0, e.accuracy(), 1e-12);
    }

    @Test
    void regressionMeasuresInTheTargetsUnits() {
        double[] truth = {1, 2, 3, 4};
        double[] predicted = {1.5, 2, 2, 4};
        Evaluation e = ModelEvaluation.regression(truth, predicted);
        assertEquals(Math.sqrt((0.25 + 0 + 1 + 0) / 4), e.rmse(), 1e-12);
        assertEquals((0.5 + 0 + 1 + 0) / 4, e.mae(), 1e-12);
        assertEquals(1 - 1.25 / 5.0, e.r2(), 1e-12, "total sum of squares around the mean 2.5 is 5");
        assertNull(e.accuracy());
        assertNull(ModelEvaluation.regression(new double[] {2, 2}, new double[] {1, 3}).r2(), "no spread");
    }

    @Test
    void predictionsMapOutputsBack() {
        float[] logits = {1f, 3f, 2f, 0f, 0f, 0f};
        assertEquals(1, Predictions.classes(logits, 2, 3)[0]);
        assertEquals(0, Predictions.classes(logits, 2, 3)[1], "a tie goes to the first class");
        double[] p = Predictions.probabilities(logits, 1, 3);
        assertEquals(1.0 / 3, p[2], 1e-12);
        assertEquals(25.0, Predictions.values(new float[] {1.5f}, 10, 10)[0], 1e-6);
    }

    @Test
    void mapeLeavesOutActualValuesNearZeroAndIsAbsentWhenAllAreZero() {
        // The mean |actual| is 25.5; values below 1 % of it (0.255) are left out, whatever their error.
        double[] truth = {50, 50, 0.001, 0, 2};
        double[] predicted = {55, 45, 7, 3, 1};
        Evaluation e = ModelEvaluation.regression(truth, predicted);
        assertEquals(100 * (0.1 + 0.1 + 0.5) / 3, e.mape(), 1e-9);
        assertEquals((5 + 5 + 6.999 + 3 + 1) / 5.0, e.mae(), 1e-9);
        assertNull(ModelEvaluation.regression(new double[] {0, 0}, new double[] {1, -1}).mape());
    }
}
