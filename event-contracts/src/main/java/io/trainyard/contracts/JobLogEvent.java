package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * One log line a worker wrote about a job, shipped so that the job's owner can read it through the
 * API. {@code level} is DEBUG, INFO, WARN or ERROR.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobLogEvent(UUID jobId, String level, String message, Instant occurredAt) {
    public static final java.util.List<String> LEVELS = java.util.List.of("DEBUG", "INFO", "WARN", "ERROR");
}
