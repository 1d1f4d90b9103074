package io.trainyard.lineage.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.OpenLineage;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads OpenLineage run events and hands them to the projector. A record that is not a valid
 * run-event CloudEvent is nacked, which sends it to the dead-letter topic and moves on.
 */
@ApplicationScoped
public class LineageEventConsumer {
    public static final String CHANNEL = "lineage-events";

    private static final Logger LOG = Logger.getLogger(LineageEventConsumer.class);

    // A well-formed event whose projection fails (database restarting, a lost race on a unique key) is
    // retried for about a minute before it is dead-lettered; a malformed one goes there at once.
    private static final java.time.Duration RETRY_FIRST_BACKOFF = java.time.Duration.ofMillis(200);
    private static final java.time.Duration RETRY_MAX_BACKOFF = java.time.Duration.ofSeconds(10);
    private static final int RETRY_ATTEMPTS = 10;

    private final ObjectMapper openLineageMapper;
    private final LineageProjector projector;

    public LineageEventConsumer(ObjectMapper objectMapper, LineageProjector projector) {
        // OpenLineage JSON is camelCase by spec; the application mapper would expect snake_case.
        this.openLineageMapper = objectMapper.copy().setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE);
        this.projector = projector;
    }

    // Returns the Uni (never awaits it) so that Hibernate Reactive runs on the message's Vert.x context.
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        // Retries resubscribe from a timer thread: run every attempt on this message's Vert.x context.
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> decode(message))
                .chain(event -> Uni.createFrom().deferred(() -> projector.project(event))
                        .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                        .onFailure().retry().withBackOff(RETRY_FIRST_BACKOFF, RETRY_MAX_BACKOFF).atMost(RETRY_ATTEMPTS))
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.warnf("lineage record rejected, sending it to the dead-letter topic: %s", failure.toString());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private ReceivedRunEvent decode(Message<String> message) {
        IncomingCloudEventMetadata<?> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalArgumentException("not a CloudEvent (no ce_* headers)"));
        if (!EventTypes.LINEAGE_RUN_EVENT.equals(cloudEvent.getType())) {
            throw new IllegalArgumentException("unexpected CloudEvent type " + cloudEvent.getType());
        }
        OpenLineage.RunEvent event;
        try {
            event = openLineageMapper.readValue(message.getPayload(), OpenLineage.RunEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload is not an OpenLineage RunEvent: " + e.getOriginalMessage(), e);
        }
        if (event.eventType() == null || event.eventTime() == null || event.run() == null
                || event.run().runId() == null || event.job() == null || event.job().namespace() == null
                || event.job().name() == null) {
            throw new IllegalArgumentException("RunEvent without eventType, eventTime, run.runId or job namespace/name");
        }
        requireDatasetNames(event.inputs());
        requireDatasetNames(event.outputs());
        Instant eventTime;
        try {
            eventTime = OffsetDateTime.parse(event.eventTime()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("RunEvent eventTime is not an ISO-8601 date-time: " + event.eventTime(), e);
        }
        return new ReceivedRunEvent(cloudEvent.getId(), message.getPayload(), event, eventTime);
    }

    private static void requireDatasetNames(List<OpenLineage.Dataset> datasets) {
        if (datasets != null && datasets.stream().anyMatch(d -> d.namespace() == null || d.name() == null)) {
            throw new IllegalArgumentException("RunEvent dataset without namespace or name");
        }
    }
}
