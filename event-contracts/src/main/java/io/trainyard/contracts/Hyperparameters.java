package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** Effective hyperparameters: the family's defaults merged with what the user gave, already validated. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Hyperparameters(int epochs, int batchSize, double learningRate, List<Integer> hiddenLayers, long seed) {
    public Hyperparameters {
        hiddenLayers = List.copyOf(hiddenLayers);
    }
}
