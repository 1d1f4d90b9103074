package io.trainyard.jobs.live;

import java.util.UUID;

/**
 * One row of {@code live_event} as it is sent: {@code message} is the JSON document
 * ({@code id, type, job_id, occurred_at, data}), serialised once for every client.
 */
public record LiveEvent(long id, UUID jobId, String tenant, String type, String message) {
}
