package io.trainyard.worker.training;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.TestData;
import io.trainyard.worker.checkpoint.CheckpointException;
import io.trainyard.worker.checkpoint.CheckpointManifest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the runner checks a command's hyperparameters, and a checkpoint, against the job. */
class TrainingJobRunnerTest {
    static final DatasetRef IRIS = new DatasetRef(UUID.randomUUID(), "iris", "file:/tmp/iris.csv", "abc", 150,
            "species", TaskType.CLASSIFICATION, List.of(new DatasetColumn("x", ColumnType.NUMERIC),
                    new DatasetColumn("species", ColumnType.CATEGORICAL)));

    static StartTrainingCommand command(String family, Hyperparameters hp) {
        return new StartTrainingCommand(UUID.randomUUID(), "job", family, IRIS, hp, 0.2, Instant.now());
    }

    @Test
    void invalidHyperparametersAndMismatchedFamiliesFailTheJob() {
        Hyperparameters mlp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("hidden_layers", List.of(8)));
        assertEquals(mlp, TrainingJobRunner.effectiveHyperparameters(command("mlp_classifier", mlp)));
        TrainingFailedException unknown = assertThrows(TrainingFailedException.class,
                () -> TrainingJobRunner.effectiveHyperparameters(command("logistic_regression", mlp)));
        assertTrue(unknown.getMessage().contains("hyperparameters.hidden_layers"), unknown.getMessage());
        TrainingFailedException range = assertThrows(TrainingFailedException.class,
                () -> TrainingJobRunner.effectiveHyperparameters(command("mlp_classifier",
                        new Hyperparameters(0, 16, 0.01, List.of(8), 1))));
        assertEquals("invalid hyperparameters: hyperparameters.epochs must be between 1 and 1000, got 0",
                range.getMessage());
        TrainingFailedException task = assertThrows(TrainingFailedException.class,
                () -> TrainingJobRunner.effectiveHyperparameters(command("linear_regression", mlp)));
        assertTrue(task.getMessage().contains("regression"), task.getMessage());
        TrainingFailedException family = assertThrows(TrainingFailedException.class,
                () -> TrainingJobRunner.effectiveHyperparameters(command("transformer", mlp)));
        assertTrue(family.getMessage().contains("cnn1d_classifier"), family.getMessage());
        TrainingFailedException none = assertThrows(TrainingFailedException.class,
                () -> TrainingJobRunner.effectiveHyperparameters(command("mlp_classifier", null)));
        assertTrue(none.getMessage().contains("no hyperparameters"), none.getMessage());
    }

    @Test
    void aCheckpointOnlyResumesTheNetworkItWasWrittenFrom() {
        TestData.Prepared iris = TestData.iris(1);
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("hidden_layers", List.of(8)));
        Map<String, Object> values = hp.values(ModelFamily.MLP_CLASSIFIER);
        CheckpointManifest fits = manifest("mlp_classifier", values, 4, 3, 2);
        TrainingJobRunner.verifyCompatible(fits, ModelFamily.MLP_CLASSIFIER, hp, iris.data());

        Hyperparameters wider = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER,
                Map.of("hidden_layers", List.of(16)));
        CheckpointException architecture = assertThrows(CheckpointException.class,
                () -> TrainingJobRunner.verifyCompatible(fits, ModelFamily.MLP_CLASSIFIER, wider, iris.data()));
        assertTrue(architecture.getMessage().contains("hidden_layers [8] vs [16]"), architecture.getMessage());

        CheckpointException inputs = assertThrows(CheckpointException.class, () -> TrainingJobRunner.verifyCompatible(
                manifest("mlp_classifier", values, 5, 3, 2), ModelFamily.MLP_CLASSIFIER, hp, iris.data()));
        assertTrue(inputs.getMessage().contains("input width 5 vs 4"), inputs.getMessage());

        Hyperparameters short1 = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER,
                Map.of("hidden_layers", List.of(8), "epochs", 1));
        CheckpointException epochs = assertThrows(CheckpointException.class, () -> TrainingJobRunner.verifyCompatible(
                fits, ModelFamily.MLP_CLASSIFIER, short1, iris.data()));
        assertTrue(epochs.getMessage().contains("only 1 epochs"), epochs.getMessage());
    }

    static CheckpointManifest manifest(String family, Map<String, Object> hp, int inputWidth, int outputs, int epoch) {
        return new CheckpointManifest(1, UUID.randomUUID(), epoch, "pause", Instant.now(), family, hp, inputWidth,
                outputs, new CheckpointManifest.EarlyStopping(1, 0.5, 1), null, null, 100,
                new CheckpointManifest.Rng("seed-and-epoch", 1, epoch + 1), Map.of());
    }
}
