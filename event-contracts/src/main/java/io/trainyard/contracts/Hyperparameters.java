package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Effective hyperparameters: the family's defaults merged with what the user gave, already validated
 * (see {@link HyperparameterValidator}). Architecture fields a family does not use are null and left
 * out of the JSON. JSON names are the schema's ({@link HyperparameterSpec}); the snake_case strategy
 * alone would turn {@code checkpointEveryNEpochs} into {@code checkpoint_every_nepochs}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hyperparameters(int epochs, int batchSize, double learningRate, String optimizer, double momentum,
        double weightDecay, String lrSchedule, int lrStepSize, double lrGamma, long seed, int earlyStoppingPatience,
        @JsonProperty("checkpoint_every_n_epochs") int checkpointEveryNEpochs, long maxRuntimeSeconds, List<Integer> hiddenLayers, Double dropout,
        Integer convLayers, Integer convFilters, Integer kernelSize, Integer lookback, Integer horizon,
        Integer seasonLength, Double testSplit, Double thresholdQuantile) {

    public Hyperparameters {
        hiddenLayers = hiddenLayers == null ? null : List.copyOf(hiddenLayers);
    }

    /** Without the time-series fields and the test split, as records from before them hold it. */
    public Hyperparameters(int epochs, int batchSize, double learningRate, String optimizer, double momentum,
            double weightDecay, String lrSchedule, int lrStepSize, double lrGamma, long seed, int earlyStoppingPatience,
            int checkpointEveryNEpochs, long maxRuntimeSeconds, List<Integer> hiddenLayers, Double dropout,
            Integer convLayers, Integer convFilters, Integer kernelSize) {
        this(epochs, batchSize, learningRate, optimizer, momentum, weightDecay, lrSchedule, lrStepSize, lrGamma, seed,
                earlyStoppingPatience, checkpointEveryNEpochs, maxRuntimeSeconds, hiddenLayers, dropout, convLayers,
                convFilters, kernelSize, null, null, null, null, null);
    }

    /** An MLP trained with Adam at a constant rate: the shape of the first releases, handy in tests. */
    public Hyperparameters(int epochs, int batchSize, double learningRate, List<Integer> hiddenLayers, long seed) {
        this(epochs, batchSize, learningRate, "adam", 0.9, 0.0, "constant", 10, 0.5, seed, 0, 0, 3600, hiddenLayers,
                0.0, null, null, null, null, null, null, 0.0, null);
    }

    /**
     * The values the family accepts by their schema names, in the family's schema order: what
     * {@code model.json} and checkpoints record. (Numbers as the record holds them: JSON does not tell an
     * int from a long.)
     */
    public Map<String, Object> values(ModelFamily family) {
        Map<String, Object> all = toMap();
        Map<String, Object> values = new LinkedHashMap<>();
        for (HyperparameterSpec spec : family.hyperparameters()) {
            if (all.containsKey(spec.name())) {
                values.put(spec.name(), all.get(spec.name()));
            }
        }
        return values;
    }

    /** Every value that is set, by its schema name: what {@link HyperparameterValidator} checks. */
    Map<String, Object> toMap() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("epochs", epochs);
        values.put("batch_size", batchSize);
        values.put("learning_rate", learningRate);
        values.put("optimizer", optimizer);
        values.put("momentum", momentum);
        values.put("weight_decay", weightDecay);
        values.put("lr_schedule", lrSchedule);
        values.put("lr_step_size", lrStepSize);
        values.put("lr_gamma", lrGamma);
        values.put("seed", seed);
        values.put("early_stopping_patience", earlyStoppingPatience);
        values.put("checkpoint_every_n_epochs", checkpointEveryNEpochs);
        values.put("max_runtime_seconds", maxRuntimeSeconds);
        values.put("hidden_layers", hiddenLayers);
        values.put("dropout", dropout);
        values.put("conv_layers", convLayers);
        values.put("conv_filters", convFilters);
        values.put("kernel_size", kernelSize);
        values.put("lookback", lookback);
        values.put("horizon", horizon);
        values.put("season_length", seasonLength);
        values.put("test_split", testSplit);
        values.put("threshold_quantile", thresholdQuantile);
        values.values().removeIf(Objects::isNull);
        return values;
    }

    /** The share of rows held out for the test split: 0 for records from before it. */
    public double testShare() {
        return testSplit == null ? 0.0 : testSplit;
    }

    /** The learning rate of a 1-based epoch under the schedule. */
    public double learningRateAt(int epoch) {
        return switch (lrSchedule) {
            case "step" -> learningRate * Math.pow(lrGamma, (epoch - 1) / lrStepSize);
            case "cosine" -> learningRate * 0.5 * (1 + Math.cos(Math.PI * (epoch - 1) / epochs));
            default -> learningRate;
        };
    }
}
