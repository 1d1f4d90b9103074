package io.trainyard.contracts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HyperparameterValidatorTest {

    @Test
    void emptyInputGivesTheFamilyDefaults() {
        var result = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, Map.of());
        assertTrue(result.isValid());
        assertEquals(new Hyperparameters(60, 16, 0.01, List.of(16), 42), result.effective());
        assertEquals(ModelFamily.MLP_CLASSIFIER.defaults().keySet(),
                result.effective().values(ModelFamily.MLP_CLASSIFIER).keySet());
    }

    @Test
    void partialInputOverridesOnlyWhatIsGiven() {
        var result = HyperparameterValidator.validate(ModelFamily.MLP_REGRESSOR,
                Map.of("epochs", 5, "hidden_layers", List.of(), "optimizer", "sgd", "lr_schedule", "cosine"));
        assertTrue(result.isValid());
        assertEquals(5, result.effective().epochs());
        assertEquals(List.of(), result.effective().hiddenLayers());
        assertEquals(0.005, result.effective().learningRate());
        assertEquals("sgd", result.effective().optimizer());
        assertEquals(0.9, result.effective().momentum());
    }

    @Test
    void everyProblemIsNamedByItsPath() {
        var result = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER,
                Map.of("epochs", 0, "batch_size", "8", "beta1", 0.9, "hidden_layers", List.of(8, 4096),
                        "learning_rate", 2.5, "optimizer", "rmsprop"));
        assertFalse(result.isValid());
        var fields = result.violations().stream().map(HyperparameterValidator.Violation::field).sorted().toList();
        assertEquals(List.of("hyperparameters.batch_size", "hyperparameters.beta1", "hyperparameters.epochs",
                "hyperparameters.hidden_layers[1]", "hyperparameters.learning_rate", "hyperparameters.optimizer"),
                fields);
    }

    @Test
    void aFractionalEpochCountIsNotAnInteger() {
        var result = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, Map.of("epochs", 3.5));
        assertEquals("must be an integer, got 3.5", result.violations().get(0).message());
    }

    @Test
    void eachFamilyAcceptsOnlyItsOwnArchitectureFields() {
        var linear = HyperparameterValidator.validate(ModelFamily.LOGISTIC_REGRESSION, Map.of("hidden_layers",
                List.of(8)));
        assertEquals("hyperparameters.hidden_layers", linear.violations().get(0).field());
        var plain = HyperparameterValidator.validate(ModelFamily.LINEAR_REGRESSION, Map.of());
        assertNull(plain.effective().hiddenLayers());
        assertNull(plain.effective().dropout());
        var cnn = HyperparameterValidator.validate(ModelFamily.CNN1D_CLASSIFIER, Map.of("kernel_size", 5));
        assertEquals(5, cnn.effective().kernelSize());
        assertEquals(2, cnn.effective().convLayers());
    }

    @Test
    void theRecordSerialisesUnderTheSchemaNamesAndBack() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (ModelFamily family : ModelFamily.values()) {
            var result = HyperparameterValidator.validate(family, Map.of());
            String json = mapper.writeValueAsString(result.effective());
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = mapper.readValue(json, Map.class);
            assertEquals(family.defaults().keySet(), fields.keySet(), family.wireName());
            assertEquals(result.effective(), mapper.readValue(json, Hyperparameters.class));
        }
    }

    @Test
    void aDecodedRecordIsCheckedAgainstTheFamilyLikeTheValuesItHolds() {
        var mlp = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, Map.of("hidden_layers", List.of(8)))
                .effective();
        var again = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, mlp);
        assertTrue(again.isValid());
        assertEquals(mlp, again.effective());

        var wrongFamily = HyperparameterValidator.validate(ModelFamily.LOGISTIC_REGRESSION, mlp);
        assertEquals(List.of("hyperparameters.hidden_layers", "hyperparameters.dropout"),
                wrongFamily.violations().stream().map(HyperparameterValidator.Violation::field).toList());
        var noEpochs = new Hyperparameters(0, 16, 0.01, List.of(8), 1);
        assertEquals(List.of(new HyperparameterValidator.Violation("hyperparameters.epochs",
                "must be between 1 and 1000, got 0")),
                HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, noEpochs).violations());
    }

    @Test
    void theValuesByNameAreTheFamilysOnlyInSchemaOrder() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (ModelFamily family : ModelFamily.values()) {
            var effective = HyperparameterValidator.validate(family, Map.of()).effective();
            Map<String, Object> values = effective.values(family);
            assertEquals(List.copyOf(family.defaults().keySet()), List.copyOf(values.keySet()), family.wireName());
            assertEquals(mapper.readTree(mapper.writeValueAsString(family.defaults())),
                    mapper.readTree(mapper.writeValueAsString(values)), "the defaults, as JSON");
        }
        var mlp = HyperparameterValidator.validate(ModelFamily.MLP_REGRESSOR, Map.of()).effective();
        assertEquals("{\"epochs\":100,\"batch_size\":16,\"learning_rate\":0.005,\"optimizer\":\"adam\","
                + "\"momentum\":0.9,\"weight_decay\":0.0,\"lr_schedule\":\"constant\",\"lr_step_size\":10,"
                + "\"lr_gamma\":0.5,\"seed\":42,\"early_stopping_patience\":0,\"checkpoint_every_n_epochs\":0,"
                + "\"max_runtime_seconds\":3600,\"test_split\":0.0,\"hidden_layers\":[32,16],\"dropout\":0.0}",
                mapper.writeValueAsString(mlp.values(ModelFamily.MLP_REGRESSOR)), "what model.json records");
    }

    @Test
    void schedulesGiveThePerEpochLearningRate() {
        var step = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, Map.of("lr_schedule", "step",
                "lr_step_size", 2, "lr_gamma", 0.5, "learning_rate", 0.1)).effective();
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025), List.of(step.learningRateAt(1), step.learningRateAt(2),
                step.learningRateAt(3), step.learningRateAt(4), step.learningRateAt(5)));
        var cosine = HyperparameterValidator.validate(ModelFamily.MLP_CLASSIFIER, Map.of("lr_schedule", "cosine",
                "epochs", 4, "learning_rate", 0.1)).effective();
        assertEquals(0.1, cosine.learningRateAt(1), 1e-12);
        assertEquals(0.05, cosine.learningRateAt(3), 1e-12);
    }
}
