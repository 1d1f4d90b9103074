package io.trainyard.worker.training;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.trainyard.contracts.Evaluation;
import io.trainyard.worker.data.AnomalyLabels;
import io.trainyard.worker.data.EncodedSplit;
import io.trainyard.worker.data.TrainingData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An anomaly detector's verdicts. A row's score is its reconstruction error (the mean squared difference between
 * its encoded features and the network's reconstruction of them); the threshold is the {@code threshold_quantile}
 * of the scores of the validation rows labelled normal (so anomalies in the validation split do not raise it); a
 * row scoring above it is flagged. Each verdict is an {@link Evaluation} over the classes {@code normal} and the
 * anomalous label: accuracy, macro F1, ROC-AUC of the scores, and the confusion matrix, whose anomalous row and
 * column give precision and recall.
 */
final class AnomalyScoring {

    /** The threshold and the verdicts on validation and (null without one) test. */
    record Verdicts(double threshold, Evaluation validation, Evaluation test) {
    }

    private AnomalyScoring() {
    }

    static Verdicts of(Block block, NDManager manager, TrainingData data, double quantile) {
        AnomalyLabels labels = data.anomaly();
        double[] validation = scores(block, manager, data.validation());
        double threshold = threshold(validation, labels.validation(), quantile);
        Evaluation test = data.test().rows() == 0 ? null
                : verdict(scores(block, manager, data.test()), labels.test(), threshold, labels.anomalyLabel());
        return new Verdicts(threshold, verdict(validation, labels.validation(), threshold, labels.anomalyLabel()), test);
    }

    /** Reconstruction error of each row, through the prediction path. */
    static double[] scores(Block block, NDManager manager, EncodedSplit split) {
        int width = split.width();
        float[] out = ModelOutputs.forward(block, manager, split.features(), split.rows(), width, width);
        return ReconstructionErrors.of(split.features(), out, split.rows(), width);
    }

    /** The quantile of the scores of the rows labelled normal (of all rows when none is). */
    static double threshold(double[] scores, boolean[] anomalous, double quantile) {
        List<Double> normal = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (!anomalous[i]) {
                normal.add(scores[i]);
            }
        }
        double[] sorted = normal.isEmpty() ? scores.clone() : normal.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static Evaluation verdict(double[] scores, boolean[] anomalous, double threshold, String anomalyLabel) {
        long[][] counts = new long[2][2];
        int[] truth = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            truth[i] = anomalous[i] ? 1 : 0;
            counts[truth[i]][scores[i] > threshold ? 1 : 0]++;
        }
        double accuracy = scores.length == 0 ? 0 : (double) (counts[0][0] + counts[1][1]) / scores.length;
        List<List<Long>> matrix = Arrays.stream(counts).map(r -> Arrays.stream(r).boxed().toList()).toList();
        return Evaluation.classification(accuracy, ModelEvaluation.macroF1(counts),
                ModelEvaluation.rocAuc(truth, scores),
                new Evaluation.ConfusionMatrix(List.of("normal", anomalyLabel), matrix));
    }
}
