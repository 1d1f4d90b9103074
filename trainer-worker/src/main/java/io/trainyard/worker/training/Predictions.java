package io.trainyard.worker.training;

/**
 * Network outputs to answers, shared by the final evaluation and the prediction endpoint: the class
 * with the largest logit and the softmax probabilities (in double precision), or the regression value
 * mapped back to the target's units.
 */
public final class Predictions {

    private Predictions() {
    }

    /** Index of the largest logit of each row; the first one wins a tie. */
    public static int[] classes(float[] logits, int rows, int classes) {
        int[] predicted = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[r * classes + c] > logits[r * classes + best]) {
                    best = c;
                }
            }
            predicted[r] = best;
        }
        return predicted;
    }

    /** Softmax probabilities of one row. */
    public static double[] probabilities(float[] logits, int row, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[row * classes + c]);
        }
        double[] p = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            p[c] = Math.exp(logits[row * classes + c] - max);
            sum += p[c];
        }
        for (int c = 0; c < classes; c++) {
            p[c] /= sum;
        }
        return p;
    }

    /** Regression outputs (one per row, standardised) in the target's units. */
    public static double[] values(float[] outputs, double mean, double std) {
        double[] values = new double[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            values[i] = outputs[i] * std + mean;
        }
        return values;
    }
}
