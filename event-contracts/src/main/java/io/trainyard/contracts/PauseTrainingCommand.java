package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * Broadcast on the training-control topic: the worker running this job stops after the current
 * batch, saves a checkpoint and reports {@code paused} with it. {@code tenant}: the job's tenant.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PauseTrainingCommand(UUID jobId, Instant requestedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String tenant) {

    /** Pause the job now. */
    public static PauseTrainingCommand of(UUID jobId, String tenant) {
        return new PauseTrainingCommand(jobId, Instant.now(), tenant);
    }
}
