package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * One hyperparameter: its JSON type ({@code integer}, {@code number}, {@code string} with
 * {@code allowed_values}, or {@code integer_list}) and inclusive range. For {@code integer_list} the
 * range applies to every element and {@code max_items} to the length. Enough for a UI to build a form.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HyperparameterSpec(String name, String type, Number minimum, Number maximum, Integer maxItems,
        List<String> allowedValues, String description) {

    static HyperparameterSpec integer(String name, long min, long max, String description) {
        return new HyperparameterSpec(name, "integer", min, max, null, null, description);
    }

    static HyperparameterSpec number(String name, double min, double max, String description) {
        return new HyperparameterSpec(name, "number", min, max, null, null, description);
    }

    static HyperparameterSpec oneOf(String name, List<String> values, String description) {
        return new HyperparameterSpec(name, "string", null, null, null, values, description);
    }

    static HyperparameterSpec integerList(String name, int min, int max, int maxItems, String description) {
        return new HyperparameterSpec(name, "integer_list", min, max, maxItems, null, description);
    }

    /** Every family accepts these. */
    static final List<HyperparameterSpec> SHARED = List.of(
            integer("epochs", 1, 1000, "Passes over the training split."),
            integer("batch_size", 1, 4096, "Rows per gradient step."),
            number("learning_rate", 1e-6, 1.0, "Initial step size of the optimizer."),
            oneOf("optimizer", List.of("adam", "sgd", "adamw"), "adam, sgd (with momentum) or adamw."),
            number("momentum", 0.0, 0.99, "Momentum of sgd; ignored by adam and adamw."),
            number("weight_decay", 0.0, 1.0, "L2 penalty (decoupled for adamw)."),
            oneOf("lr_schedule", List.of("constant", "step", "cosine"),
                    "constant; step (times lr_gamma every lr_step_size epochs); cosine (annealed to 0 over the epochs)."),
            integer("lr_step_size", 1, 1000, "Epochs between two decays of the step schedule."),
            number("lr_gamma", 0.01, 1.0, "Decay factor of the step schedule."),
            integer("seed", 0, Integer.MAX_VALUE, "Seeds the split, the weight initialisation and the shuffling."),
            integer("early_stopping_patience", 0, 1000,
                    "Stop after this many epochs without a better validation loss and keep the best epoch; 0 = off."),
            integer("checkpoint_every_n_epochs", 0, 1000, "Save a checkpoint every N epochs; 0 = only on pause."),
            integer("max_runtime_seconds", 1, 7 * 24 * 3600,
                    "Stop training after this long and keep the best epoch so far."),
            number("test_split", 0.0, 0.5, "Share of the rows held out of training and validation for a final"
                    + " test evaluation (for time-ordered data: the latest rows); 0 = no test split."));

    static final HyperparameterSpec HIDDEN_LAYERS = integerList("hidden_layers", 1, 1024, 8,
            "Width of each fully connected hidden layer (ReLU); [] means none.");
    static final HyperparameterSpec DROPOUT = number("dropout", 0.0, 0.9, "Dropout after each hidden layer.");
    static final HyperparameterSpec CONV_LAYERS = integer("conv_layers", 1, 4, "1-D convolution blocks.");
    static final HyperparameterSpec CONV_FILTERS = integer("conv_filters", 1, 256, "Channels of each convolution.");
    static final HyperparameterSpec LOOKBACK = integer("lookback", 1, 1000,
            "Past values of the series in each input window.");
    static final HyperparameterSpec HORIZON = integer("horizon", 1, 500, "Steps ahead each forecast covers.");
    static final HyperparameterSpec SEASON_LENGTH = integer("season_length", 0, 1000,
            "Steps in one season, for the seasonal-naive baseline reported beside the model; 0 = none.");
    static final HyperparameterSpec THRESHOLD_QUANTILE = number("threshold_quantile", 0.5, 0.9999,
            "Anomaly threshold: this quantile of the reconstruction errors of the validation rows labelled normal.");
    static final HyperparameterSpec KERNEL_SIZE = integer("kernel_size", 1, 15, "Width of each convolution kernel.");
}
