package io.trainyard.jobs.job;

import java.time.Instant;

/** One shipped log line, as the job's logs endpoint serves it; {@code traceId} null when tracing was off. */
public record LogLine(long id, String level, String message, Instant occurredAt, String traceId) {
}
