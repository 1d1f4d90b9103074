package io.trainyard.worker.training;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.TestData;
import io.trainyard.worker.checkpoint.CheckpointException;
import io.trainyard.worker.checkpoint.CheckpointManifest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the runner reads a command's hyperparameters and checks a checkpoint against the job. */
class TrainingJobRunnerTest {
    static final DatasetRef IRIS = new DatasetRef(UUID.randomUUID(), "iris", "file:/tmp/iris.csv", "abc", 150,
            "species", TaskType.CLASSIFICATION, List.of(new DatasetColumn("x", ColumnType.NUMERIC),
                    new DatasetColumn("species", ColumnType.CATEGORICAL)));

    static StartTrainingCommand command(String family) {
        return StartTrainingCommand.firstRun(UUID.randomUUID(), "job", family, IRIS, null, 0.2, Instant.now(), "job",
                JobPriority.NORMAL);
    }

    @Test
    void missingHyperparametersTakeTheFamilyDefaults() {
        Map<String, Object> given = new HashMap<>(Map.of("epochs", 7, "learning_rate", 0.02));
        given.put("dropout", null);
        Hyperparameters hp = TrainingJobRunner.effectiveHyperparameters(command("mlp_classifier"), given).effective();
        assertEquals(7, hp.epochs());
        assertEquals(0.02, hp.learningRate());
        assertEquals("adam", hp.optimizer());
        assertEquals(List.of(16), hp.hiddenLayers());
        assertEquals(0.0, hp.dropout(), "an explicit null is the default too");
        assertEquals(3600, hp.maxRuntimeSeconds());
    }

    @Test
    void theRecordsSpellingOfCheckpointEveryNEpochsIsAccepted() {
        // What Jackson's snake_case strategy makes of Hyperparameters.checkpointEveryNEpochs.
        HyperparameterValidator.Result result = TrainingJobRunner.effectiveHyperparameters(
                command("logistic_regression"), Map.of("checkpoint_every_nepochs", 5));
        assertEquals(5, result.effective().checkpointEveryNEpochs());
        assertEquals(5L, ((Number) result.values().get("checkpoint_every_n_epochs")).longValue());
        assertEquals(4, TrainingJobRunner.effectiveHyperparameters(command("logistic_regression"),
                Map.of("checkpoint_every_n_epochs", 4)).effective().checkpointEveryNEpochs());
    }

    @Test
    void invalidHyperparametersAndMismatchedFamiliesFailTheJob() {
        TrainingFailedException unknown = assertThrows(TrainingFailedException.class,
                () -> TrainingJobRunner.effectiveHyperparameters(command("logistic_regression"),
                        Map.of("hidden_layers", List.of(8))));
        assertTrue(unknown.getMessage().contains("hyperparameters.hidden_layers"), unknown.getMessage());
        TrainingFailedException task = assertThrows(TrainingFailedException.class,
                () -> TrainingJobRunner.effectiveHyperparameters(command("linear_regression"), Map.of()));
        assertTrue(task.getMessage().contains("regression"), task.getMessage());
        TrainingFailedException family = assertThrows(TrainingFailedException.class,
                () -> TrainingJobRunner.effectiveHyperparameters(command("transformer"), Map.of()));
        assertTrue(family.getMessage().contains("cnn1d_classifier"), family.getMessage());
    }

    @Test
    void aCheckpointOnlyResumesTheNetworkItWasWrittenFrom() {
        TestData.Prepared iris = TestData.iris(1);
        Map<String, Object> values = TestData.values(ModelFamily.MLP_CLASSIFIER, Map.of("hidden_layers", List.of(8)));
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("hidden_layers", List.of(8)));
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
