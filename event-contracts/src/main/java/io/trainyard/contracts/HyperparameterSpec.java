package io.trainyard.contracts;

import java.util.List;

/**
 * One hyperparameter of the shared schema: its JSON type and inclusive range. For
 * {@code integer_list} the range applies to every element and {@code maxItems} to the length.
 */
public record HyperparameterSpec(String name, String type, Number minimum, Number maximum, Integer maxItems,
        String description) {

    public static final List<HyperparameterSpec> ALL = List.of(
            new HyperparameterSpec("epochs", "integer", 1, 1000, null, "Passes over the training split."),
            new HyperparameterSpec("batch_size", "integer", 1, 4096, null, "Rows per gradient step."),
            new HyperparameterSpec("learning_rate", "number", 1e-6, 1.0, null, "Adam step size."),
            new HyperparameterSpec("hidden_layers", "integer_list", 1, 1024, 8,
                    "Width of each hidden layer (ReLU); [] means no hidden layer."),
            new HyperparameterSpec("seed", "integer", 0, Integer.MAX_VALUE, null,
                    "Seeds the split, the weight init and the shuffling."));
}
