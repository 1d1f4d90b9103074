package io.trainyard.metrics.projection;

import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.support.logging.JobLogContext;
import io.trainyard.support.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies epoch-metric events to the read model. The processed-event record and the metric row are
 * written in one transaction, so an event is either fully applied and remembered, or neither.
 */
@ApplicationScoped
public class MetricsProjector {
    private final EpochMetricRepository metrics;

    public MetricsProjector(EpochMetricRepository metrics) {
        this.metrics = metrics;
    }

    public Uni<Void> project(String eventId, EpochMetricsEvent event) {
        JobLogContext.put(event.jobId()); // kept in this record's Vert.x context: every line logged for it names the job
        return ProcessedEvents.once(eventId, () -> upsert(event));
    }

    /**
     * Records arrive in partition order and the key is the job id, so the last event of an epoch to
     * arrive is the latest report of it: a new id for an epoch (a retrain after a crash) overwrites.
     */
    private Uni<Void> upsert(EpochMetricsEvent event) {
        return metrics.findByJobAndEpoch(event.jobId(), event.epoch()).chain(existing -> {
            if (existing == null) {
                return metrics.persist(EpochMetric.from(event)).replaceWithVoid();
            }
            existing.apply(event);
            return Uni.createFrom().voidItem();
        });
    }
}
