package io.trainyard.jobs.registry;

import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A registered version as the API shows it; {@code aliases} are those that point at it. */
public record VersionResponse(String name, String tenant, int version, String source, UUID jobId, String modelFamily,
        String taskType, Hyperparameters hyperparameters, Map<String, Double> metrics, Evaluation evaluation,
        UUID datasetId, String datasetSha256, String artifactUri, String artifactSha256, Long parameterCount,
        String device, String description, List<String> aliases, Instant createdAt) {
}
