package io.trainyard.worker.training;

import io.trainyard.contracts.Evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The final evaluation on the validation split. Classification: accuracy, macro F1 (the mean F1 over
 * the classes that occur in the validation labels or predictions), ROC-AUC for two classes only
 * (second class label = positive, scored by its softmax probability; ties share their rank), and the
 * confusion matrix over all class labels. Regression and forecasts: RMSE, MAE and R² in the target's units (R²
 * against the mean of the evaluated targets; absent when they are all equal) and MAPE (see {@link #mape}). A
 * forecast counts every step of every window as one point.
 */
public final class ModelEvaluation {
    /** MAPE leaves out actual values below this share of the mean absolute actual value. */
    static final double MAPE_FLOOR = 0.01;

    private ModelEvaluation() {
    }

    /** @param logits row-major {@code rows x labels.size()} */
    public static Evaluation classification(int[] truth, float[] logits, List<String> labels) {
        int k = labels.size();
        int n = truth.length;
        int[] predicted = Predictions.classes(logits, n, k);
        long[][] counts = new long[k][k];
        long correct = 0;
        for (int i = 0; i < n; i++) {
            counts[truth[i]][predicted[i]]++;
            if (truth[i] == predicted[i]) {
                correct++;
            }
        }
        Double rocAuc = null;
        if (k == 2) {
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = Predictions.probabilities(logits, i, 2)[1];
            }
            rocAuc = rocAuc(truth, scores);
        }
        List<List<Long>> matrix = new ArrayList<>();
        for (long[] row : counts) {
            matrix.add(Arrays.stream(row).boxed().toList());
        }
        return Evaluation.classification(n == 0 ? null : (double) correct / n, macroF1(counts), rocAuc,
                new Evaluation.ConfusionMatrix(List.copyOf(labels), List.copyOf(matrix)));
    }

    public static Evaluation regression(double[] truth, double[] predicted) {
        int n = truth.length;
        double squares = 0;
        double absolute = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double error = predicted[i] - truth[i];
            squares += error * error;
            absolute += Math.abs(error);
            mean += truth[i];
        }
        mean /= n;
        double total = 0;
        for (double y : truth) {
            total += (y - mean) * (y - mean);
        }
        Double r2 = total > 0 ? 1 - squares / total : null;
        return Evaluation.regression(Math.sqrt(squares / n), absolute / n, r2, mape(truth, predicted));
    }

    /**
     * Mean absolute percentage error, in percent, made safe near zero: a point whose actual value is smaller in size
     * than {@link #MAPE_FLOOR} of the mean absolute actual value is left out (its percentage error would be
     * arbitrarily large, however good the forecast); null when no point is left (all actual values zero).
     */
    static Double mape(double[] truth, double[] predicted) {
        double scale = 0;
        for (double y : truth) {
            scale += Math.abs(y);
        }
        double floor = MAPE_FLOOR * scale / Math.max(1, truth.length);
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < truth.length; i++) {
            if (Math.abs(truth[i]) > floor) {
                sum += Math.abs((predicted[i] - truth[i]) / truth[i]);
                counted++;
            }
        }
        return counted == 0 ? null : 100 * sum / counted;
    }

    static double macroF1(long[][] counts) {
        int k = counts.length;
        double sum = 0;
        int classes = 0;
        for (int c = 0; c < k; c++) {
            long tp = counts[c][c];
            long actual = 0;
            long predicted = 0;
            for (int j = 0; j < k; j++) {
                actual += counts[c][j];
                predicted += counts[j][c];
            }
            if (actual == 0 && predicted == 0) {
                continue; // a class absent from this split: no evidence either way
            }
            classes++;
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = actual == 0 ? 0 : (double) tp / actual;
            sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        return classes == 0 ? 0 : sum / classes;
    }

    /** Area under the ROC curve by the rank-sum statistic; null when only one class is present. */
    static Double rocAuc(int[] truth, double[] scores) {
        int n = truth.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] ranks = new double[n];
        for (int i = 0; i < n;) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average rank of a run of ties
            for (int t = i; t <= j; t++) {
                ranks[order[t]] = rank;
            }
            i = j + 1;
        }
        long positives = 0;
        double positiveRanks = 0;
        for (int i = 0; i < n; i++) {
            if (truth[i] == 1) {
                positives++;
                positiveRanks += ranks[i];
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return null;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
