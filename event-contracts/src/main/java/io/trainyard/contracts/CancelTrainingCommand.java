package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * Broadcast on the training-control topic: whichever worker runs (or is about to run) this job
 * stops it between batches and reports {@code cancelled}. {@code tenant}: the job's tenant.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CancelTrainingCommand(UUID jobId, String reason, Instant requestedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String tenant) {

    /** Stop the job now, for the reason given (shown in the worker's log). */
    public static CancelTrainingCommand of(UUID jobId, String reason, String tenant) {
        return new CancelTrainingCommand(jobId, reason, Instant.now(), tenant);
    }
}
