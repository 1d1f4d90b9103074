package io.trainyard.metrics.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.EventTypes;
import io.trainyard.support.messaging.BatchProjections;
import io.trainyard.support.messaging.EventPayload;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@link EpochMetricsEvent}s a poll at a time (the channel is in batch mode) and hands the new ones to the
 * projector in one transaction. A record that is not a valid epoch-metrics CloudEvent goes to the dead-letter
 * topic and the rest of its batch is projected.
 */
@ApplicationScoped
public class EpochMetricsConsumer {
    public static final String CHANNEL = "epoch-metrics";
    private static final EventPayload<EpochMetricsEvent> PAYLOAD = EventPayload.of(EpochMetricsEvent.class,
            e -> e.jobId() != null && e.occurredAt() != null, "job_id and occurred_at",
            EventTypes.EPOCH_METRICS).skippingOthersOf(EventTypes.METRICS_TYPES);

    private final ObjectMapper json;
    private final Pool database;
    private final MetricsProjector projector;

    public EpochMetricsConsumer(ObjectMapper json, Pool database, MetricsProjector projector) {
        this.json = json;
        this.database = database;
        this.projector = projector;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return BatchProjections.apply(batch, PAYLOAD, json, database, projector::project);
    }
}
