package io.trainyard.jobs.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.Tenants;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.support.tracing.TraceContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Publishes outbox rows to Kafka and deletes them once the broker acknowledged them, all inside
 * the transaction that locked them. A crash after the send but before the commit publishes the
 * row again on the next run: delivery is at-least-once and every consumer deduplicates by ce_id. Each
 * record is published in the trace stored with its row ({@code traceparent} header).
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final URI SOURCE = URI.create(EventTypes.SOURCE_JOB_API);

    private final OutboxRepository repository;
    private final MutinyEmitter<String> commands;
    private final MutinyEmitter<String> control;
    private final MutinyEmitter<String> lineage;
    private final int batchSize;

    public OutboxRelay(OutboxRepository repository,
            @Channel(Outbox.TRAINING_COMMANDS) MutinyEmitter<String> commands,
            @Channel(Outbox.TRAINING_CONTROL) MutinyEmitter<String> control,
            @Channel(Outbox.LINEAGE) MutinyEmitter<String> lineage,
            JobApiConfig config) {
        this.repository = repository;
        this.commands = commands;
        this.control = control;
        this.lineage = lineage;
        this.batchSize = config.outbox().batchSize();
    }

    /**
     * One round: the oldest waiting rows, published and deleted. Run by io.trainyard.jobs.scheduling.WorkNotifications,
     * at once when rows are added and periodically, one round at a time per replica.
     */
    public Uni<Void> relay() {
        return Panache.withTransaction(() -> repository.lockOldest(batchSize).flatMap(this::publishAndDelete))
                // A full batch: more may wait; go on until the outbox is drained (a transaction per batch).
                .flatMap(published -> published == batchSize ? relay() : Uni.createFrom().voidItem())
                .onFailure().invoke(e -> LOG.warnf("outbox relay failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** @return how many rows were published */
    private Uni<Integer> publishAndDelete(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // Kafka acks arrive on the producer thread; the Hibernate session must be resumed on its own context.
        Context context = Vertx.currentContext();
        // Sent in order without waiting for each ack: the idempotent producer keeps the order within a partition, and
        // one round waits for the slowest ack instead of the sum of them.
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndMerge(this::publish)
                .collect().last()
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .flatMap(ignored -> repository.delete("seq in ?1", events.stream().map(e -> e.seq).toList()))
                .invoke(count -> LOG.debugf("published %d outbox events", count))
                .replaceWith(events.size());
    }

    private Uni<Void> publish(OutboxEvent event) {
        MutinyEmitter<String> emitter = switch (event.channel) {
            case Outbox.TRAINING_COMMANDS -> commands;
            case Outbox.TRAINING_CONTROL -> control;
            case Outbox.LINEAGE -> lineage;
            default -> throw new IllegalStateException("unknown outbox channel " + event.channel);
        };
        String key = event.aggregateId.toString();
        var cloudEvent = OutgoingCloudEventMetadata.builder().withId(event.id.toString()).withType(event.type)
                .withSource(SOURCE).withSubject(key).withDataContentType("application/json")
                .withTimestamp(event.createdAt.atZone(ZoneOffset.UTC));
        if (event.tenant != null) {
            cloudEvent.withExtension(Tenants.CE_EXTENSION, event.tenant);
        }
        Message<String> message = Message.of(event.payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .addMetadata(cloudEvent.build());
        if (event.traceParent != null) {
            // The Kafka producer span (and the record's traceparent header) continue the trace that wrote the row.
            message = message.addMetadata(TracingMetadata.withCurrent(TraceContext.parent(event.traceParent)));
        }
        return emitter.sendMessage(message);
    }
}
