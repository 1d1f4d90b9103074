package io.trainyard.worker.training;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.OpenLineage;

import java.util.UUID;

/**
 * A finished job's terminal events (succeeded, failed or cancelled, with its lineage COMPLETE, FAIL or ABORT),
 * with the CloudEvents ids they are sent under. Stored before they are sent ({@link JobOutcomes}), so that a
 * later start command for the job sends them again under the same ids, which every consumer deduplicates,
 * instead of training the job again or acknowledging the command in silence.
 */
public record JobOutcome(String lineageEventId, OpenLineage.RunEvent lineage, String progressEventId,
        JobProgressEvent progress) {

    static JobOutcome of(OpenLineage.RunEvent lineage, JobProgressEvent progress) {
        return new JobOutcome(UUID.randomUUID().toString(), lineage, UUID.randomUUID().toString(), progress);
    }

    @JsonIgnore
    public UUID jobId() {
        return progress.jobId();
    }
}
