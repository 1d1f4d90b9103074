package io.trainyard.contracts;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model families a job can train, with the task each fits and its defaults. The API validates
 * against this catalogue before anything is queued; the worker builds the network from it.
 */
public enum ModelFamily {
    MLP_CLASSIFIER("mlp_classifier", TaskType.CLASSIFICATION,
            "Multi-layer perceptron with softmax cross-entropy; hidden_layers [] is multinomial logistic regression.",
            Map.of("epochs", 60, "batch_size", 16, "learning_rate", 0.01, "hidden_layers", List.of(16), "seed", 42)),
    MLP_REGRESSOR("mlp_regressor", TaskType.REGRESSION,
            "Multi-layer perceptron with mean squared error; hidden_layers [] is linear regression.",
            Map.of("epochs", 100, "batch_size", 16, "learning_rate", 0.005, "hidden_layers", List.of(32, 16),
                    "seed", 42));

    private final String wireName;
    private final TaskType taskType;
    private final String description;
    private final Map<String, Object> defaults;

    ModelFamily(String wireName, TaskType taskType, String description, Map<String, Object> defaults) {
        this.wireName = wireName;
        this.taskType = taskType;
        this.description = description;
        this.defaults = defaults;
    }

    public String wireName() {
        return wireName;
    }

    public TaskType taskType() {
        return taskType;
    }

    public String description() {
        return description;
    }

    /** Default value of each hyperparameter, keyed by its snake_case name. */
    public Map<String, Object> defaults() {
        return defaults;
    }

    public static Optional<ModelFamily> parse(String wireName) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ModelFamily::wireName).toList();
    }
}
