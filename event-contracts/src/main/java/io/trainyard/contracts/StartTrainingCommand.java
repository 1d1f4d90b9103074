package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/** Command on the training-commands topic: train this job. Key and {@code ce_subject} = job id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StartTrainingCommand(UUID jobId, String jobName, String modelFamily, DatasetRef dataset,
        Hyperparameters hyperparameters, double validationSplit, Instant requestedAt) {
}
