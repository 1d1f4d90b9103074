package io.trainyard.jobs.job;

import io.trainyard.contracts.JobStatus;

import java.time.Instant;

public record JobEventResponse(long id, String type, JobStatus status, Double progressPercent, Integer currentEpoch,
        String message, String eventId, Instant occurredAt, Instant recordedAt) {

    public static JobEventResponse of(JobEvent e) {
        return new JobEventResponse(e.id, e.type, e.status, e.progressPercent, e.currentEpoch, e.message, e.eventId,
                e.occurredAt, e.recordedAt);
    }
}
