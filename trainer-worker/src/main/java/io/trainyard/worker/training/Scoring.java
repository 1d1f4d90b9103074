package io.trainyard.worker.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import io.trainyard.contracts.Evaluation;
import io.trainyard.worker.data.EncodedSplit;
import io.trainyard.worker.data.TrainingData;

/**
 * How well the weights fit, with DJL: after every epoch the loss (and accuracy or MAE) over each whole
 * split, and at the end the {@link ModelEvaluation} of the kept weights through the prediction path.
 */
final class Scoring {
    /** Evaluation runs over the full splits in chunks of this many rows, to bound memory. */
    private static final int EVAL_CHUNK = 4096;

    /** @param accuracy classification only */
    record SplitScore(double loss, Double accuracy, double meanAbsoluteError) {
    }

    private Scoring() {
    }

    /** Loss (and accuracy or MAE) over a whole split, in inference mode. */
    static SplitScore split(Trainer trainer, NDArray x, NDArray y, boolean classification) {
        long rows = x.getShape().get(0);
        double lossSum = 0;
        long correct = 0;
        double absSum = 0;
        // Everything computed here hangs off a scope that is closed at the end; x and y go back to their owner.
        try (NDManager scope = x.getManager().newSubManager()) {
            x.tempAttach(scope);
            y.tempAttach(scope);
            for (long from = 0; from < rows; from += EVAL_CHUNK) {
                long to = Math.min(rows, from + EVAL_CHUNK);
                NDIndex range = new NDIndex("{}:{}", from, to);
                NDArray xs = x.get(range);
                NDArray ys = y.get(range);
                NDList out = trainer.evaluate(new NDList(xs));
                lossSum += trainer.getLoss().evaluate(new NDList(ys), out).getFloat() * (to - from);
                NDArray predictions = out.singletonOrThrow();
                if (classification) {
                    correct += predictions.argMax(1).toType(DataType.FLOAT32, false).eq(ys).countNonzero().getLong();
                } else {
                    absSum += predictions.sub(ys).abs().sum().getFloat();
                }
            }
        }
        // A forecast has several steps per row: its MAE is per step.
        long values = classification || rows == 0 ? rows : y.size();
        return new SplitScore(lossSum / rows, classification ? (double) correct / rows : null, absSum / values);
    }

    /** The final evaluation of the kept weights on the validation split, through the prediction path. */
    static Evaluation finalEvaluation(Block block, NDManager manager, TrainingData data) {
        return evaluation(block, manager, data, data.validation(), data.validationTargets(),
                data.series() == null ? null : data.series().validation());
    }

    /** The same on the test split; null without one. */
    static Evaluation testEvaluation(Block block, NDManager manager, TrainingData data) {
        if (data.test().rows() == 0) {
            return null;
        }
        return evaluation(block, manager, data, data.test(), data.testTargets(),
                data.series() == null ? null : data.series().test());
    }

    /** @param windows a forecaster's windows of the split (their last values turn outputs into forecasts) */
    private static Evaluation evaluation(Block block, NDManager manager, TrainingData data, EncodedSplit split,
            double[] targets, int[] windows) {
        int rows = split.rows();
        float[] outputs = ModelOutputs.forward(block, manager, split.features(), rows, data.inputWidth(),
                data.outputs());
        if (data.classification()) {
            float[] labels = split.labels();
            int[] truth = new int[rows];
            for (int i = 0; i < rows; i++) {
                truth[i] = (int) labels[i];
            }
            return ModelEvaluation.classification(truth, outputs, data.target().classLabels());
        }
        double[] predicted = windows == null ? Predictions.values(outputs, data.targetMean(), data.targetStd())
                : data.series().values(outputs, windows);
        return ModelEvaluation.regression(targets, predicted);
    }
}
