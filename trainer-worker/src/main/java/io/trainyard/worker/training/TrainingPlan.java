package io.trainyard.worker.training;

import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.HyperparameterValidator;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.StartTrainingCommand;

import java.util.stream.Collectors;

/**
 * What a start command asks to train, checked before anything is read: a known family that fits the
 * dataset's task, and hyperparameters valid for that family.
 *
 * @param modelName the registry name: the command's, else the job's name, else {@code job-<id>}
 */
record TrainingPlan(ModelFamily family, Hyperparameters hyperparameters, String modelName) {

    /** @throws TrainingFailedException saying what does not fit; the job is reported failed with it */
    static TrainingPlan of(StartTrainingCommand command) {
        ModelFamily family = ModelFamily.parse(command.modelFamily()).orElseThrow(() -> new TrainingFailedException(
                "unknown model family '" + command.modelFamily() + "'; known: " + ModelFamily.wireNames()));
        DatasetRef dataset = command.dataset();
        if (dataset == null) {
            throw new TrainingFailedException("the command names no dataset");
        }
        if (dataset.taskType() != family.taskType()) {
            throw new TrainingFailedException(family.wireName() + " fits " + family.taskType().wireName()
                    + " datasets, but this dataset is for " + (dataset.taskType() == null ? "an unknown task"
                            : dataset.taskType().wireName()));
        }
        if (family.forecaster() && !dataset.timeOrdered()) {
            throw new TrainingFailedException(family.wireName() + " forecasts a series: it needs a dataset with a"
                    + " time column");
        }
        if (command.hyperparameters() == null) {
            throw new TrainingFailedException("the command carries no hyperparameters");
        }
        HyperparameterValidator.Result result = HyperparameterValidator.validate(family, command.hyperparameters());
        if (!result.isValid()) {
            throw new TrainingFailedException("invalid hyperparameters: " + result.violations().stream()
                    .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        }
        return new TrainingPlan(family, result.effective(), modelName(command));
    }

    private static String modelName(StartTrainingCommand command) {
        if (command.modelName() != null && !command.modelName().isBlank()) {
            return command.modelName();
        }
        return command.jobName() != null && !command.jobName().isBlank() ? command.jobName() : "job-" + command.jobId();
    }
}
