package io.trainyard.jobs.schedule;

import io.trainyard.contracts.JobStatus;

import java.time.Instant;
import java.util.UUID;

/**
 * A tick a schedule acted on.
 *
 * @param jobId        the job it created; null when it created none ({@code skipped} says why)
 * @param jobStatus    that job's status now; null without one, or once retention removed it
 * @param modelVersion the model version the job registered, once it succeeded
 * @param missedTicks  earlier ticks that passed without a run while job-api was down
 * @param promotion    whether the job's model version took the schedule's alias, and why (after it succeeded)
 */
public record ScheduleRunResponse(Instant tickAt, UUID jobId, JobStatus jobStatus, Integer modelVersion,
        int missedTicks, String skipped, String promotion, Instant createdAt) {
}
