package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * Command on the training-commands topic: train this job. Key and {@code ce_subject} = job id.
 * {@code resume_from} is set when a paused job is resumed: continue after that checkpoint's epoch.
 * {@code model_name} is the registry name the trained model is registered under.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartTrainingCommand(UUID jobId, String jobName, String modelFamily, DatasetRef dataset,
        Hyperparameters hyperparameters, double validationSplit, Instant requestedAt, String modelName,
        CheckpointRef resumeFrom) {

    /** A first run (no checkpoint) registered under the job's name. */
    public StartTrainingCommand(UUID jobId, String jobName, String modelFamily, DatasetRef dataset,
            Hyperparameters hyperparameters, double validationSplit, Instant requestedAt) {
        this(jobId, jobName, modelFamily, dataset, hyperparameters, validationSplit, requestedAt, jobName, null);
    }
}
