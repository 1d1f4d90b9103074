package io.trainyard.worker.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.data.Column;
import io.trainyard.worker.data.Preprocessing;
import io.trainyard.worker.data.SeriesWindows;
import io.trainyard.worker.training.DjlEngines;
import io.trainyard.worker.training.DjlParamsFile;
import io.trainyard.worker.training.ModelDescriptor;
import io.trainyard.worker.training.ModelOutputs;
import io.trainyard.worker.training.Networks;
import io.trainyard.worker.training.Predictions;
import io.trainyard.worker.training.ReconstructionErrors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model in memory, rebuilt from its {@code model.json} alone: the network through
 * {@link Networks}, the weights from the params file, the input encoding from the recorded
 * preprocessing. Predicts on the CPU, in inference mode, through the same forward path as the final
 * evaluation of training. One prediction at a time per model; closed when the cache drops it.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelDescriptor descriptor;
    private final Preprocessing preprocessing;
    private final Model model;
    private final Block block;
    private boolean closed;

    private LoadedModel(ModelDescriptor descriptor, Model model, Block block) {
        this.descriptor = descriptor;
        this.preprocessing = descriptor.preprocessing();
        this.model = model;
        this.block = block;
    }

    static LoadedModel load(ModelDescriptor descriptor, Path paramsFile) throws IOException, MalformedModelException {
        ModelFamily family = ModelFamily.parse(descriptor.modelFamily()).orElseThrow(() -> new MalformedModelException(
                "unknown model family '" + descriptor.modelFamily() + "'"));
        DjlEngines.pytorch();
        Model model = Model.newInstance(descriptor.modelName() == null ? "model" : descriptor.modelName(), Device.cpu(),
                DjlEngines.ENGINE_NAME);
        try {
            Block block = Networks.build(family, descriptor.effectiveHyperparameters(), descriptor.inputWidth(),
                    descriptor.outputs());
            model.setBlock(block);
            DjlParamsFile.readInto(paramsFile, block, model.getNDManager());
            return new LoadedModel(descriptor, model, block);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** One answer per row: a label with the class probabilities, or a value in the target's units. */
    public record Prediction(String label, Map<String, Double> probabilities, Double value) {
    }

    /** @param columns the feature columns in {@link Preprocessing#columnNames()} order, {@code rows} values each */
    public synchronized List<Prediction> predict(List<Column> columns, int rows) {
        if (closed) {
            throw new IllegalStateException("model closed");
        }
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        float[] x = preprocessing.encodeFeatures(columns, all);
        int outputs = descriptor.outputs();
        float[] out = ModelOutputs.forward(block, model.getNDManager(), x, rows, descriptor.inputWidth(), outputs);
        List<Prediction> predictions = new ArrayList<>(rows);
        ModelDescriptor.Anomaly anomaly = descriptor.anomaly();
        if (anomaly != null) {
            for (double score : ReconstructionErrors.of(x, out, rows, outputs)) {
                predictions.add(new Prediction(score > anomaly.threshold() ? anomaly.label() : "normal", null, score));
            }
        } else if (descriptor.target().taskType() == TaskType.CLASSIFICATION) {
            List<String> labels = descriptor.target().classLabels();
            int[] classes = Predictions.classes(out, rows, outputs);
            for (int r = 0; r < rows; r++) {
                double[] p = Predictions.probabilities(out, r, outputs);
                Map<String, Double> probabilities = new LinkedHashMap<>();
                for (int c = 0; c < outputs; c++) {
                    probabilities.put(labels.get(c), p[c]);
                }
                predictions.add(new Prediction(labels.get(classes[r]), probabilities, null));
            }
        } else {
            double[] values = Predictions.values(out, descriptor.target().mean(), descriptor.target().std());
            for (double v : values) {
                predictions.add(new Prediction(null, null, v));
            }
        }
        return predictions;
    }

    /**
     * A forecaster's next {@code horizon} values after its trained history followed by {@code observations} (the
     * series' values since, oldest first; the last {@code lookback} values of the two are the window).
     */
    public synchronized List<Prediction> forecast(double[] observations) {
        if (closed) {
            throw new IllegalStateException("model closed");
        }
        ModelDescriptor.Forecast forecast = descriptor.forecast();
        int lookback = forecast.lookback();
        double[] window = new double[lookback];
        int fromHistory = Math.max(0, lookback - observations.length);
        for (int i = 0; i < fromHistory; i++) {
            window[i] = forecast.history().get(forecast.history().size() - fromHistory + i);
        }
        System.arraycopy(observations, observations.length - (lookback - fromHistory), window, fromHistory,
                lookback - fromHistory);
        float[] x = new float[lookback];
        SeriesWindows.inputs(window, 0, lookback, forecast.scale(), x, 0);
        float[] out = ModelOutputs.forward(block, model.getNDManager(), x, 1, lookback, forecast.horizon());
        List<Prediction> predictions = new ArrayList<>(out.length);
        for (float step : out) {
            predictions.add(new Prediction(null, null, SeriesWindows.value(window[lookback - 1], step,
                    forecast.scale())));
        }
        return predictions;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.close();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
