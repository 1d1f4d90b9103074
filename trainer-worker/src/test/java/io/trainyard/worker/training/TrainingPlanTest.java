package io.trainyard.worker.training;

import io.trainyard.devstack.TestTokens;
import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.TestData;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a start command asks to train, checked before anything is read. */
class TrainingPlanTest {
    static final DatasetRef IRIS = new DatasetRef(UUID.randomUUID(), "iris", "file:/tmp/iris.csv", "abc", 150,
            "species", TaskType.CLASSIFICATION, List.of(new DatasetColumn("x", ColumnType.NUMERIC),
                    new DatasetColumn("species", ColumnType.CATEGORICAL)));

    static StartTrainingCommand command(String family, Hyperparameters hp) {
        return StartTrainingCommand.firstRun(UUID.randomUUID(), "job", family, IRIS, hp, 0.2, Instant.now(), "job",
                JobPriority.NORMAL, TestTokens.TENANT);
    }

    @Test
    void invalidHyperparametersAndMismatchedFamiliesFailTheJob() {
        Hyperparameters mlp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("hidden_layers", List.of(8)));
        assertEquals(mlp, TrainingPlan.of(command("mlp_classifier", mlp)).hyperparameters());
        TrainingFailedException unknown = assertThrows(TrainingFailedException.class,
                () -> TrainingPlan.of(command("logistic_regression", mlp)));
        assertTrue(unknown.getMessage().contains("hyperparameters.hidden_layers"), unknown.getMessage());
        TrainingFailedException range = assertThrows(TrainingFailedException.class,
                () -> TrainingPlan.of(command("mlp_classifier",
                        new Hyperparameters(0, 16, 0.01, List.of(8), 1))));
        assertEquals("invalid hyperparameters: hyperparameters.epochs must be between 1 and 1000, got 0",
                range.getMessage());
        TrainingFailedException task = assertThrows(TrainingFailedException.class,
                () -> TrainingPlan.of(command("linear_regression", mlp)));
        assertTrue(task.getMessage().contains("regression"), task.getMessage());
        TrainingFailedException family = assertThrows(TrainingFailedException.class,
                () -> TrainingPlan.of(command("transformer", mlp)));
        assertTrue(family.getMessage().contains("cnn1d_classifier"), family.getMessage());
        TrainingFailedException none = assertThrows(TrainingFailedException.class,
                () -> TrainingPlan.of(command("mlp_classifier", null)));
        assertTrue(none.getMessage().contains("no hyperparameters"), none.getMessage());
    }

    @Test
    void theModelIsRegisteredUnderTheCommandsNameElseTheJobs() {
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of());
        UUID jobId = UUID.randomUUID();
        assertEquals("registry-name", TrainingPlan.of(new StartTrainingCommand(jobId, "job", "mlp_classifier", IRIS,
                hp, 0.2, Instant.now(), "registry-name", null, null, JobPriority.NORMAL, null, null)).modelName());
        assertEquals("job", TrainingPlan.of(command("mlp_classifier", hp)).modelName());
        assertEquals("job-" + jobId, TrainingPlan.of(new StartTrainingCommand(jobId, " ", "mlp_classifier", IRIS, hp,
                0.2, Instant.now(), null, null, null, JobPriority.NORMAL, null, null)).modelName());
    }
}
