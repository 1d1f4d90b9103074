package io.trainyard.worker.inference;

import io.trainyard.worker.data.Column;
import io.trainyard.worker.training.ModelDescriptor;

import java.nio.file.Path;
import java.util.List;

/** Lets tests outside the package load a model as the prediction endpoint does. */
public final class LoadedModelAccess {
    private LoadedModelAccess() {
    }

    public static List<String> predictLabels(ModelDescriptor descriptor, Path params, List<Column> columns, int rows)
            throws Exception {
        try (LoadedModel model = LoadedModel.load(descriptor, params)) {
            return model.predict(columns, rows).stream().map(LoadedModel.Prediction::label).toList();
        }
    }

    public static List<Double> forecast(ModelDescriptor descriptor, Path params, double[] observations)
            throws Exception {
        try (LoadedModel model = LoadedModel.load(descriptor, params)) {
            return model.forecast(observations).stream().map(LoadedModel.Prediction::value).toList();
        }
    }
}
