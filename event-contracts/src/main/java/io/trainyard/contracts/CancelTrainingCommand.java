package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * Broadcast on the training-control topic: whichever worker runs (or is about to run) this job
 * stops it between batches and reports {@code cancelled}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CancelTrainingCommand(UUID jobId, String reason, Instant requestedAt) {

    /** Stop the job now, for the reason given (shown in the worker's log). */
    public static CancelTrainingCommand of(UUID jobId, String reason) {
        return new CancelTrainingCommand(jobId, reason, Instant.now());
    }
}
