package io.trainyard.lineage.projection;

import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.lineage.projection.RunDataset.Direction;
import io.trainyard.support.logging.JobLogContext;
import io.trainyard.support.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies OpenLineage run events to the read model: the run, its datasets and the raw event, in one
 * transaction with the processed-event record, so a redelivered event is skipped.
 */
@ApplicationScoped
public class LineageProjector {
    private final LineageRunRepository runs;
    private final RunDatasetRepository datasets;
    private final LineageEventRepository events;

    public LineageProjector(LineageRunRepository runs, RunDatasetRepository datasets, LineageEventRepository events) {
        this.runs = runs;
        this.datasets = datasets;
        this.events = events;
    }

    Uni<Void> project(String eventId, ReceivedRunEvent received) {
        OpenLineage.RunEvent event = received.event();
        UUID runId = event.run().runId();
        JobLogContext.put(runId); // the run id is the job id; kept in this record's Vert.x context
        return ProcessedEvents.once(eventId, () -> runs.findById(runId)
                    .chain(found -> {
                        LineageRun run = found != null ? found
                                : LineageRun.create(runId, event.tenant(), event.job().namespace(),
                                        event.job().name());
                        run.record(event.eventType(), received.eventTime(), errorMessage(event.run()));
                        return found != null ? Uni.createFrom().voidItem() : runs.persist(run).replaceWithVoid();
                    })
                    .chain(() -> mergeDatasets(runId, event))
                    .chain(() -> events.persist(new LineageEvent(eventId, runId, event.eventType(),
                            received.eventTime(), received.payload(), Instant.now())))
                    .replaceWithVoid());
    }

    private Uni<Void> mergeDatasets(UUID runId, OpenLineage.RunEvent event) {
        return datasets.listByRun(runId).chain(known -> {
            List<RunDataset> all = new ArrayList<>(known);
            List<RunDataset> created = new ArrayList<>();
            merge(all, created, runId, Direction.INPUT, event.inputs());
            merge(all, created, runId, Direction.OUTPUT, event.outputs());
            // Panache refuses to persist an empty batch (RUNNING, FAIL and ABORT usually carry no datasets).
            return created.isEmpty() ? Uni.createFrom().voidItem() : datasets.persist(created);
        });
    }

    private static void merge(List<RunDataset> all, List<RunDataset> created, UUID runId, Direction direction,
            List<OpenLineage.Dataset> reported) {
        if (reported == null) {
            return;
        }
        for (OpenLineage.Dataset dataset : reported) {
            all.stream().filter(row -> row.isSameDataset(direction, dataset)).findFirst().ifPresentOrElse(
                    row -> row.mergeFacets(dataset.facets()),
                    () -> {
                        RunDataset row = RunDataset.create(runId, direction, dataset);
                        all.add(row);
                        created.add(row);
                    });
        }
    }

    /** The message of the spec's {@code errorMessage} run facet, which a FAIL event carries. */
    private static String errorMessage(OpenLineage.Run run) {
        if (run.facets() != null && run.facets().get("errorMessage") instanceof Map<?, ?> facet
                && facet.get("message") instanceof String message) {
            return message;
        }
        return null;
    }
}
