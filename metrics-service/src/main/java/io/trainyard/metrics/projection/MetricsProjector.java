package io.trainyard.metrics.projection;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EpochMetricsEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Applies epoch-metric events to the read model. The processed-event record and the metric row are
 * written in one transaction, so an event is either fully applied and remembered, or neither.
 */
@ApplicationScoped
public class MetricsProjector {
    private static final Logger LOG = Logger.getLogger(MetricsProjector.class);

    private final EpochMetricRepository metrics;
    private final ProcessedEventRepository processedEvents;

    public MetricsProjector(EpochMetricRepository metrics, ProcessedEventRepository processedEvents) {
        this.metrics = metrics;
        this.processedEvents = processedEvents;
    }

    @WithTransaction
    public Uni<Void> project(String eventId, EpochMetricsEvent event) {
        return processedEvents.findById(eventId).chain(seen -> {
            if (seen != null) {
                LOG.debugf("skipping event %s: already projected", eventId);
                return Uni.createFrom().voidItem();
            }
            return processedEvents.persist(new ProcessedEvent(eventId, Instant.now()))
                    .chain(() -> upsert(event));
        });
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
