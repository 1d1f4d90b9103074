package io.trainyard.jobs.bundle;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.trainyard.contracts.Hyperparameters;

import java.util.UUID;

/** {@code config.json}: how the version was trained and on what; an import keeps the dataset reference. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BundleConfig(String modelFamily, String taskType, Hyperparameters hyperparameters, UUID datasetId,
        String datasetSha256, UUID jobId, String device) {
}
