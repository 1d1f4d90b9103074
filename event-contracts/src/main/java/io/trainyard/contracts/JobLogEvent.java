package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One log line a worker wrote about a job, shipped so that the job's owner can read it through the
 * API. {@code level} is DEBUG, INFO, WARN or ERROR; {@code traceId} is the job's trace (W3C trace id, 32 hex
 * digits) when tracing is on, left out otherwise. {@code tenant} is the job's (see {@link Tenants}; absent in
 * events from before tenancy).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobLogEvent(UUID jobId, String level, String message, Instant occurredAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String traceId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String tenant) {
    public static final List<String> LEVELS = List.of("DEBUG", "INFO", "WARN", "ERROR");

    /**
     * A line at one of {@link #LEVELS}: the job API drops lines at any other level.
     *
     * @param traceId the trace the line was logged in, null without one
     * @param tenant  the job's tenant
     */
    public static JobLogEvent of(UUID jobId, String level, String message, Instant at, String traceId,
            String tenant) {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("log level must be one of " + LEVELS + ", got " + level);
        }
        return new JobLogEvent(jobId, level, message, at, traceId, tenant);
    }
}
