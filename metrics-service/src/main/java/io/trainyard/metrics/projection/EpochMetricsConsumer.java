package io.trainyard.metrics.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.EventTypes;
import io.trainyard.support.messaging.EventPayload;
import io.trainyard.support.messaging.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;


/**
 * Reads {@link EpochMetricsEvent}s and hands them to the projector. A record that is not a valid
 * epoch-metrics CloudEvent goes to the dead-letter topic and the stream moves on.
 */
@ApplicationScoped
public class EpochMetricsConsumer {
    public static final String CHANNEL = "epoch-metrics";
    private static final EventPayload<EpochMetricsEvent> PAYLOAD = EventPayload.of(EpochMetricsEvent.class,
            e -> e.jobId() != null && e.occurredAt() != null, "job_id and occurred_at",
            EventTypes.EPOCH_METRICS).skippingOthersOf(EventTypes.METRICS_TYPES);

    private final ObjectMapper json;
    private final MetricsProjector projector;

    public EpochMetricsConsumer(ObjectMapper json, MetricsProjector projector) {
        this.json = json;
        this.projector = projector;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Projections.apply(message, PAYLOAD, json, projector::project);
    }
}
