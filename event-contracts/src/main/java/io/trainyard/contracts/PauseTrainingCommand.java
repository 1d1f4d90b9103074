package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * Broadcast on the training-control topic: the worker running this job stops after the current
 * batch, saves a checkpoint and reports {@code paused} with it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PauseTrainingCommand(UUID jobId, Instant requestedAt) {

    /** Pause the job now. */
    public static PauseTrainingCommand of(UUID jobId) {
        return new PauseTrainingCommand(jobId, Instant.now());
    }
}
