package io.trainyard.worker.checkpoint;

import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.worker.TestData;
import io.trainyard.worker.data.TrainingDataLoader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint is checked against the job it resumes before any weights are loaded. */
class CheckpointCompatibilityTest {

    @Test
    void aCheckpointOnlyResumesTheNetworkItWasWrittenFrom() {
        TrainingDataLoader.Prepared iris = TestData.iris(1);
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("hidden_layers", List.of(8)));
        Map<String, Object> values = hp.values(ModelFamily.MLP_CLASSIFIER);
        CheckpointManifest fits = manifest("mlp_classifier", values, 4, 3, 2);
        CheckpointCompatibility.verify(fits, ModelFamily.MLP_CLASSIFIER, hp, iris.data());

        Hyperparameters wider = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER,
                Map.of("hidden_layers", List.of(16)));
        CheckpointException architecture = assertThrows(CheckpointException.class,
                () -> CheckpointCompatibility.verify(fits, ModelFamily.MLP_CLASSIFIER, wider, iris.data()));
        assertTrue(architecture.getMessage().contains("hidden_layers [8] vs [16]"), architecture.getMessage());

        CheckpointException inputs = assertThrows(CheckpointException.class, () -> CheckpointCompatibility.verify(
                manifest("mlp_classifier", values, 5, 3, 2), ModelFamily.MLP_CLASSIFIER, hp, iris.data()));
        assertTrue(inputs.getMessage().contains("input width 5 vs 4"), inputs.getMessage());

        Hyperparameters short1 = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER,
                Map.of("hidden_layers", List.of(8), "epochs", 1));
        CheckpointException epochs = assertThrows(CheckpointException.class, () -> CheckpointCompatibility.verify(
                fits, ModelFamily.MLP_CLASSIFIER, short1, iris.data()));
        assertTrue(epochs.getMessage().contains("only 1 epochs"), epochs.getMessage());
    }

    static CheckpointManifest manifest(String family, Map<String, Object> hp, int inputWidth, int outputs, int epoch) {
        return new CheckpointManifest(1, UUID.randomUUID(), epoch, "pause", Instant.now(), family, hp, inputWidth,
                outputs, new CheckpointManifest.EarlyStopping(1, 0.5, 1), null, null, 100,
                new CheckpointManifest.Rng("seed-and-epoch", 1, epoch + 1), Map.of());
    }
}
