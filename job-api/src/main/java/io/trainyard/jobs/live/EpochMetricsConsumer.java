package io.trainyard.jobs.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.EventTypes;
import io.trainyard.jobs.job.JobRepository;
import io.trainyard.jobs.search.Asha;
import io.trainyard.support.logging.JobLogContext;
import io.trainyard.support.messaging.ProcessedEvents;
import io.trainyard.support.messaging.EventPayload;
import io.trainyard.support.messaging.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;


/**
 * Turns the workers' per-epoch metrics into {@code training_metric} live events (the series itself
 * is metrics-service's read model), and lets a search's early stopping see them. Idempotent on the CloudEvents
 * id, recorded in the same transaction; a malformed record goes to the dead-letter topic.
 */
@ApplicationScoped
public class EpochMetricsConsumer {
    public static final String CHANNEL = "epoch-metrics";
    private static final EventPayload<EpochMetricsEvent> PAYLOAD = EventPayload.of(EpochMetricsEvent.class,
            e -> e.jobId() != null && e.epoch() >= 1, "job_id and a positive epoch",
            EventTypes.EPOCH_METRICS).skippingOthersOf(EventTypes.METRICS_TYPES);
    private static final Logger LOG = Logger.getLogger(EpochMetricsConsumer.class);

    private final LiveEvents live;
    private final JobRepository jobs;
    private final ObjectMapper json;
    private final Asha asha;

    public EpochMetricsConsumer(LiveEvents live, JobRepository jobs, ObjectMapper json, Asha asha) {
        this.asha = asha;
        this.live = live;
        this.jobs = jobs;
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Projections.apply(message, PAYLOAD, json, this::append);
    }

    private Uni<Void> append(String eventId, EpochMetricsEvent event) {
        JobLogContext.put(event.jobId());
        return ProcessedEvents.once(eventId, () -> jobs.findById(event.jobId()).flatMap(job -> {
            if (job == null) {
                LOG.warnf("metrics for unknown job %s ignored", event.jobId());
                return Uni.createFrom().voidItem();
            }
            // A search's trial may stop here (ASHA), in the transaction that records the epoch.
            return live.metric(event).call(() -> asha.onEpoch(event));
        }));
    }
}
