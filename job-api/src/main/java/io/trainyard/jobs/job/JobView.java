package io.trainyard.jobs.job;

import java.util.List;
import java.util.UUID;

/**
 * A job with what its response shows beyond the job row, loaded by {@link JobQueries}.
 *
 * @param retriedAs     jobs created by retrying this one
 * @param queuePosition 1-based place in the queue while the job waits for a worker slot, else null
 */
public record JobView(TrainingJob job, List<String> tags, List<UUID> retriedAs, Long queuePosition) {
}
