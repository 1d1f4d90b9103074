package io.trainyard.jobs.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.support.tracing.TraceContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** Writes outbox rows. Call it inside the transaction that makes the change being announced. */
@ApplicationScoped
public class Outbox {
    public static final String TRAINING_COMMANDS = "training-commands";
    public static final String TRAINING_CONTROL = "training-control";
    public static final String LINEAGE = "lineage-events";

    private final OutboxRepository repository;
    private final ObjectMapper json;
    private final ObjectMapper openLineageJson;

    public Outbox(OutboxRepository repository, ObjectMapper json) {
        this.repository = repository;
        this.json = json;
        // OpenLineage field names are camelCase by spec; our own payloads are snake_case.
        this.openLineageJson = json.copy().setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE);
    }

    /**
     * An event announcing what the current (traced) request or projection does.
     *
     * @param tenant the tenant of the job it is about: the record's {@code ce_tenant} header
     */
    public Uni<OutboxEvent> enqueue(String channel, UUID aggregateId, String tenant, String type, Object payload) {
        return enqueue(channel, aggregateId, tenant, type, payload, TraceContext.current());
    }

    /** @param traceParent the trace the event continues (W3C traceparent), null for none */
    public Uni<OutboxEvent> enqueue(String channel, UUID aggregateId, String tenant, String type, Object payload,
            String traceParent) {
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.channel = channel;
        event.aggregateId = aggregateId;
        event.tenant = tenant;
        event.type = type;
        event.createdAt = Instant.now();
        event.traceParent = traceParent;
        try {
            event.payload = (payload instanceof OpenLineage.RunEvent ? openLineageJson : json)
                    .writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return repository.persist(event);
    }
}
