package io.trainyard.jobs.job;

import io.trainyard.contracts.JobStatus;

import java.time.Instant;

/** One line of a job's audit trail, as the API shows it. */
public record JobEventResponse(long id, String type, JobStatus status, Double progressPercent, Integer currentEpoch,
        String message, String eventId, Instant occurredAt, Instant recordedAt) {
}
