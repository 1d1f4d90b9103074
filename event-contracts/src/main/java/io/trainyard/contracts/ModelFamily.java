package io.trainyard.contracts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model families a job can train: the task each fits, the hyperparameters it accepts and their
 * defaults. The API validates against this catalogue before anything is queued; the worker builds the
 * network from it.
 */
public enum ModelFamily {
    LOGISTIC_REGRESSION("logistic_regression", TaskType.CLASSIFICATION,
            "Multinomial logistic regression: one linear layer and softmax cross-entropy.",
            List.of(), Map.of("epochs", 100, "learning_rate", 0.05)),
    LINEAR_REGRESSION("linear_regression", TaskType.REGRESSION,
            "Linear regression: one linear layer and mean squared error.",
            List.of(), Map.of("epochs", 100, "learning_rate", 0.01)),
    MLP_CLASSIFIER("mlp_classifier", TaskType.CLASSIFICATION,
            "Multi-layer perceptron with softmax cross-entropy.",
            List.of(HyperparameterSpec.HIDDEN_LAYERS, HyperparameterSpec.DROPOUT),
            Map.of("epochs", 60, "learning_rate", 0.01, "hidden_layers", List.of(16), "dropout", 0.0)),
    MLP_REGRESSOR("mlp_regressor", TaskType.REGRESSION,
            "Multi-layer perceptron with mean squared error.",
            List.of(HyperparameterSpec.HIDDEN_LAYERS, HyperparameterSpec.DROPOUT),
            Map.of("epochs", 100, "learning_rate", 0.005, "hidden_layers", List.of(32, 16), "dropout", 0.0)),
    CNN1D_CLASSIFIER("cnn1d_classifier", TaskType.CLASSIFICATION,
            "1-D convolutional network for sequences: the numeric feature columns, in order, are one sequence"
                    + " (one channel); convolution blocks (conv, ReLU, max-pool 2), then a dense head.",
            List.of(HyperparameterSpec.CONV_LAYERS, HyperparameterSpec.CONV_FILTERS, HyperparameterSpec.KERNEL_SIZE,
                    HyperparameterSpec.HIDDEN_LAYERS, HyperparameterSpec.DROPOUT),
            Map.of("epochs", 40, "batch_size", 32, "learning_rate", 0.005, "conv_layers", 2, "conv_filters", 16,
                    "kernel_size", 3, "hidden_layers", List.of(32), "dropout", 0.1)),
    MLP_FORECASTER("mlp_forecaster", TaskType.REGRESSION,
            "Multi-layer perceptron forecasting the next horizon values of the target series from its last lookback"
                    + " values (relative to the window's last value); needs a dataset with a time column.",
            List.of(HyperparameterSpec.LOOKBACK, HyperparameterSpec.HORIZON, HyperparameterSpec.SEASON_LENGTH,
                    HyperparameterSpec.HIDDEN_LAYERS, HyperparameterSpec.DROPOUT),
            Map.of("epochs", 60, "batch_size", 32, "learning_rate", 0.001, "lookback", 24, "horizon", 1,
                    "season_length", 0, "hidden_layers", List.of(64, 32), "dropout", 0.0, "test_split", 0.15)),
    AUTOENCODER_ANOMALY("autoencoder_anomaly", TaskType.CLASSIFICATION,
            "Autoencoder anomaly detector: hidden_layers encode the features (the last is the bottleneck), the mirror"
                    + " image decodes them; a row whose reconstruction error is above the threshold chosen on"
                    + " validation is an anomaly. The target is the label column: its rarer class counts as anomalous.",
            List.of(HyperparameterSpec.HIDDEN_LAYERS, HyperparameterSpec.DROPOUT,
                    HyperparameterSpec.THRESHOLD_QUANTILE),
            Map.of("epochs", 50, "batch_size", 32, "learning_rate", 0.005, "hidden_layers", List.of(8, 3),
                    "dropout", 0.0, "threshold_quantile", 0.99, "test_split", 0.2));

    private final String wireName;
    private final TaskType taskType;
    private final String description;
    private final List<HyperparameterSpec> hyperparameters;
    private final Map<String, Object> defaults;

    ModelFamily(String wireName, TaskType taskType, String description, List<HyperparameterSpec> own,
            Map<String, Object> overrides) {
        this.wireName = wireName;
        this.taskType = taskType;
        this.description = description;
        List<HyperparameterSpec> all = new ArrayList<>(HyperparameterSpec.SHARED);
        all.addAll(own);
        this.hyperparameters = List.copyOf(all);
        // Enum constants are built before any static field, so the shared defaults come from a method.
        Map<String, Object> shared = sharedDefaults();
        Map<String, Object> merged = new LinkedHashMap<>();
        for (HyperparameterSpec spec : all) {
            Object value = overrides.containsKey(spec.name()) ? overrides.get(spec.name()) : shared.get(spec.name());
            merged.put(spec.name(), value);
        }
        this.defaults = java.util.Collections.unmodifiableMap(merged);
    }

    private static Map<String, Object> sharedDefaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("epochs", 50);
        d.put("batch_size", 16);
        d.put("learning_rate", 0.01);
        d.put("optimizer", "adam");
        d.put("momentum", 0.9);
        d.put("weight_decay", 0.0);
        d.put("lr_schedule", "constant");
        d.put("lr_step_size", 10);
        d.put("lr_gamma", 0.5);
        d.put("seed", 42);
        d.put("early_stopping_patience", 0);
        d.put("checkpoint_every_n_epochs", 0);
        d.put("max_runtime_seconds", 3600);
        d.put("test_split", 0.0);
        return d;
    }

    public String wireName() {
        return wireName;
    }

    public TaskType taskType() {
        return taskType;
    }

    /** Whether the family forecasts a series: it needs time-ordered data and learns from lagged windows. */
    public boolean forecaster() {
        return this == MLP_FORECASTER;
    }

    /** Whether the family detects anomalies: it reconstructs the features, and the target is the label column. */
    public boolean anomalyDetector() {
        return this == AUTOENCODER_ANOMALY;
    }

    public String description() {
        return description;
    }

    /** The hyperparameters this family accepts, shared ones first. */
    public List<HyperparameterSpec> hyperparameters() {
        return hyperparameters;
    }

    /** Default value of each accepted hyperparameter, keyed by its snake_case name, in schema order. */
    public Map<String, Object> defaults() {
        return defaults;
    }

    public boolean accepts(String hyperparameter) {
        return defaults.containsKey(hyperparameter);
    }

    public static Optional<ModelFamily> parse(String wireName) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ModelFamily::wireName).toList();
    }
}
