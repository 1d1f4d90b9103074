package io.trainyard.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperparameterValidatorTest {

    @Test
    void emptyInputGivesTheFamilyDefaults() {
        var result = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, Map.of());
        assertTrue(result.isValid());
        assertEquals(new Hyperparameters(60, 16, 0.01, List.of(16), 42), result.effective());
    }

    @Test
    void partialInputOverridesOnlyWhatIsGiven() {
        var result = HyperparameterValidator.validate(ModelFamily.MLP_REGRESSOR,
                Map.of("epochs", 5, "hidden_layers", List.of()));
        assertTrue(result.isValid());
        assertEquals(5, result.effective().epochs());
        assertEquals(List.of(), result.effective().hiddenLayers());
        assertEquals(0.005, result.effective().learningRate());
    }

    @Test
    void everyProblemIsNamedByItsPath() {
        var result = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER,
                Map.of("epochs", 0, "batch_size", "8", "momentum", 0.9, "hidden_layers", List.of(8, 4096),
                        "learning_rate", 2.5));
        assertFalse(result.isValid());
        var fields = result.violations().stream().map(HyperparameterValidator.Violation::field).sorted().toList();
        assertEquals(List.of("hyperparameters.batch_size", "hyperparameters.epochs",
                "hyperparameters.hidden_layers[1]", "hyperparameters.learning_rate", "hyperparameters.momentum"),
                fields);
    }

    @Test
    void aFractionalEpochCountIsNotAnInteger() {
        var result = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, Map.of("epochs", 3.5));
        assertEquals("must be an integer, got 3.5", result.violations().get(0).message());
    }
}
