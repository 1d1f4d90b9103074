package io.trainyard.metrics.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Reads {@link EpochMetricsEvent}s and hands them to the projector. A record that is not a valid
 * epoch-metrics CloudEvent is nacked, which sends it to the dead-letter topic and moves on.
 */
@ApplicationScoped
public class EpochMetricsConsumer {
    public static final String CHANNEL = "epoch-metrics";

    private static final Logger LOG = Logger.getLogger(EpochMetricsConsumer.class);

    // A well-formed event whose projection fails (database restarting, a lost race on a unique key) is
    // retried for about a minute before it is dead-lettered; a malformed one goes there at once.
    private static final java.time.Duration RETRY_FIRST_BACKOFF = java.time.Duration.ofMillis(200);
    private static final java.time.Duration RETRY_MAX_BACKOFF = java.time.Duration.ofSeconds(10);
    private static final int RETRY_ATTEMPTS = 10;

    private final ObjectMapper objectMapper;
    private final MetricsProjector projector;

    public EpochMetricsConsumer(ObjectMapper objectMapper, MetricsProjector projector) {
        this.objectMapper = objectMapper;
        this.projector = projector;
    }

    // Returns the Uni (never awaits it) so that Hibernate Reactive runs on the message's Vert.x context.
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        // Retries resubscribe from a timer thread: run every attempt on this message's Vert.x context.
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> eventId(message))
                .chain(eventId -> {
                    EpochMetricsEvent event = decode(message.getPayload());
                    return Uni.createFrom().deferred(() -> projector.project(eventId, event))
                            .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                            .onFailure().retry().withBackOff(RETRY_FIRST_BACKOFF, RETRY_MAX_BACKOFF).atMost(RETRY_ATTEMPTS);
                })
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.warnf("epoch-metrics record rejected, sending it to the dead-letter topic: %s", failure.toString());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private static String eventId(Message<String> message) {
        IncomingCloudEventMetadata<?> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a CloudEvent (no ce_* headers)"));
        if (!EventTypes.EPOCH_METRICS.equals(cloudEvent.getType())) {
            throw new IllegalArgumentException("unexpected CloudEvent type " + cloudEvent.getType());
        }
        return cloudEvent.getId();
    }

    private EpochMetricsEvent decode(String payload) {
        EpochMetricsEvent event;
        try {
            event = objectMapper.readValue(payload, EpochMetricsEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not an EpochMetricsEvent: " + e.getOriginalMessage(), e);
        }
        if (event.jobId() == null || event.occurredAt() == null) {
            throw new IllegalArgumentException("EpochMetricsEvent without job_id or occurred_at");
        }
        return event;
    }
}
