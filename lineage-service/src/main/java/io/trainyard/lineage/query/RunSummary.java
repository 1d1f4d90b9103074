package io.trainyard.lineage.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trainyard.contracts.OpenLineage.EventType;
import io.trainyard.lineage.projection.LineageRun;

import java.time.Instant;
import java.util.UUID;

/** A run in a list; the times and error message are left out until an event reports them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSummary(UUID runId, JobRef job, EventType state, Instant startedAt, Instant endedAt,
        String errorMessage) {
    static RunSummary from(LineageRun run) {
        return new RunSummary(run.getRunId(), new JobRef(run.getJobNamespace(), run.getJobName()), run.getState(),
                run.getStartedAt(), run.getEndedAt(), run.getErrorMessage());
    }
}
