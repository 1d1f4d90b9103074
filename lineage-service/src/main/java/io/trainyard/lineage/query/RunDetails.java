package io.trainyard.lineage.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trainyard.contracts.OpenLineage.EventType;
import io.trainyard.lineage.projection.LineageEvent;
import io.trainyard.lineage.projection.LineageRun;
import io.trainyard.lineage.projection.RunDataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A run with its lineage: what it read, what it wrote, and the events that said so. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunDetails(UUID runId, JobRef job, EventType state, Instant startedAt, Instant endedAt,
        String errorMessage, List<DatasetView> inputs, List<DatasetView> outputs, List<EventView> events) {

    static RunDetails from(LineageRun run, List<RunDataset> datasets, List<LineageEvent> events) {
        return new RunDetails(run.getRunId(), new JobRef(run.getJobNamespace(), run.getJobName()), run.getState(),
                run.getStartedAt(), run.getEndedAt(), run.getErrorMessage(),
                views(datasets, RunDataset.Direction.INPUT), views(datasets, RunDataset.Direction.OUTPUT),
                events.stream().map(EventView::from).toList());
    }

    private static List<DatasetView> views(List<RunDataset> datasets, RunDataset.Direction direction) {
        return datasets.stream().filter(d -> d.getDirection() == direction).map(DatasetView::from).toList();
    }
}
