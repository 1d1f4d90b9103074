package io.trainyard.worker.training;

/** An anomaly detector's score of a row: the mean squared difference between its inputs and their reconstruction. */
public final class ReconstructionErrors {
    private ReconstructionErrors() {
    }

    /** @param inputs row-major {@code rows x width}, as {@code outputs} */
    public static double[] of(float[] inputs, float[] outputs, int rows, int width) {
        double[] scores = new double[rows];
        for (int row = 0; row < rows; row++) {
            double squares = 0;
            for (int i = row * width; i < (row + 1) * width; i++) {
                double error = outputs[i] - inputs[i];
                squares += error * error;
            }
            scores[row] = squares / width;
        }
        return scores;
    }
}
