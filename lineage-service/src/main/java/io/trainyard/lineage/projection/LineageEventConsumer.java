package io.trainyard.lineage.projection;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.support.messaging.ConsumedTypes;
import io.trainyard.support.messaging.PoisonRecordException;
import io.trainyard.support.messaging.PoisonRecordException.Kind;
import io.trainyard.support.messaging.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenLineage run events and hands them to the projector. A record that is not a valid
 * run-event CloudEvent goes to the dead-letter topic and the stream moves on; so does a run event of a later
 * major version of the spec than the one read here (its {@code schemaURL}). Other OpenLineage types (job and
 * dataset events, which carry no run) are skipped.
 */
@ApplicationScoped
public class LineageEventConsumer {
    public static final String CHANNEL = "lineage-events";
    private static final ConsumedTypes TYPES = ConsumedTypes.within(EventTypes.OPENLINEAGE_TYPES,
            EventTypes.LINEAGE_RUN_EVENT);
    /** The OpenLineage spec version this projection reads: any 2-x-y (minor versions only add). */
    private static final int SPEC_MAJOR = 2;
    private static final Pattern SPEC_VERSION = Pattern.compile("/spec/(\\d+)-\\d+-\\d+/");

    private final ObjectMapper openLineageMapper;
    private final LineageProjector projector;

    public LineageEventConsumer(ObjectMapper objectMapper, LineageProjector projector) {
        // OpenLineage JSON is camelCase by spec; the application mapper would expect snake_case.
        this.openLineageMapper = objectMapper.copy().setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE);
        this.projector = projector;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Projections.apply(message, TYPES, () -> decode(message.getPayload()), projector::project);
    }

    private ReceivedRunEvent decode(String payload) {
        OpenLineage.RunEvent event;
        try {
            event = openLineageMapper.readValue(payload, OpenLineage.RunEvent.class);
        } catch (JsonParseException e) {
            throw new PoisonRecordException(Kind.NOT_JSON, e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException(Kind.MALFORMED, "not an OpenLineage RunEvent: " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new PoisonRecordException(Kind.MISSING_FIELDS, "no RunEvent (the payload is null)");
        }
        requireSpecVersion(event.schemaUrl());
        if (event.eventType() == null || event.eventTime() == null || event.run() == null
                || event.run().runId() == null || event.job() == null || event.job().namespace() == null
                || event.job().name() == null) {
            throw new PoisonRecordException(Kind.MISSING_FIELDS,
                    "RunEvent without eventType, eventTime, run.runId or job namespace/name");
        }
        requireDatasetNames(event.inputs());
        requireDatasetNames(event.outputs());
        Instant eventTime;
        try {
            eventTime = OffsetDateTime.parse(event.eventTime()).toInstant();
        } catch (DateTimeParseException e) {
            throw new PoisonRecordException(Kind.MALFORMED,
                    "RunEvent eventTime is not an ISO-8601 date-time: " + event.eventTime(), e);
        }
        return new ReceivedRunEvent(payload, event, eventTime);
    }

    private static void requireDatasetNames(List<OpenLineage.Dataset> datasets) {
        if (datasets != null && datasets.stream().anyMatch(d -> d.namespace() == null || d.name() == null)) {
            throw new PoisonRecordException(Kind.MISSING_FIELDS, "RunEvent dataset without namespace or name");
        }
    }

    /** A later major version may have changed what a field means: read none of it. */
    private static void requireSpecVersion(String schemaUrl) {
        Matcher version = SPEC_VERSION.matcher(schemaUrl == null ? "" : schemaUrl);
        if (version.find() && Integer.parseInt(version.group(1)) > SPEC_MAJOR) {
            throw new PoisonRecordException(Kind.FUTURE_VERSION, "RunEvent of OpenLineage " + schemaUrl
                    + "; this consumer reads spec version " + SPEC_MAJOR + "-x-y");
        }
    }
}
