package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

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
        Integer convLayers, Integer convFilters, Integer kernelSize) {

    public Hyperparameters {
        hiddenLayers = hiddenLayers == null ? null : List.copyOf(hiddenLayers);
    }

    /** An MLP trained with Adam at a constant rate: the shape of the first releases, handy in tests. */
    public Hyperparameters(int epochs, int batchSize, double learningRate, List<Integer> hiddenLayers, long seed) {
        this(epochs, batchSize, learningRate, "adam", 0.9, 0.0, "constant", 10, 0.5, seed, 0, 0, 3600, hiddenLayers,
                0.0, null, null, null);
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
