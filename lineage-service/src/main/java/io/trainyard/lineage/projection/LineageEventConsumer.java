package io.trainyard.lineage.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.support.messaging.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Reads OpenLineage run events and hands them to the projector. A record that is not a valid
 * run-event CloudEvent goes to the dead-letter topic and the stream moves on.
 */
@ApplicationScoped
public class LineageEventConsumer {
    public static final String CHANNEL = "lineage-events";

    private final ObjectMapper openLineageMapper;
    private final LineageProjector projector;

    public LineageEventConsumer(ObjectMapper objectMapper, LineageProjector projector) {
        // OpenLineage JSON is camelCase by spec; the application mapper would expect snake_case.
        this.openLineageMapper = objectMapper.copy().setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE);
        this.projector = projector;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Projections.apply(message, Set.of(EventTypes.LINEAGE_RUN_EVENT), () -> decode(message.getPayload()),
                projector::project);
    }

    private ReceivedRunEvent decode(String payload) {
        OpenLineage.RunEvent event;
        try {
            event = openLineageMapper.readValue(payload, OpenLineage.RunEvent.class);
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
        return new ReceivedRunEvent(payload, event, eventTime);
    }

    private static void requireDatasetNames(List<OpenLineage.Dataset> datasets) {
        if (datasets != null && datasets.stream().anyMatch(d -> d.namespace() == null || d.name() == null)) {
            throw new IllegalArgumentException("RunEvent dataset without namespace or name");
        }
    }
}
