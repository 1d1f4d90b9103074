package io.trainyard.jobs.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A message waiting to be published, written in the same transaction as the state change it
 * announces (the Debezium outbox shape: aggregate id = Kafka key, id and type = CloudEvents headers).
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(unique = true)
    public UUID id;
    /** The outgoing channel: {@link Outbox#TRAINING_COMMANDS} or {@link Outbox#TRAINING_CONTROL}. */
    public String channel;
    @Column(name = "aggregate_id")
    public UUID aggregateId;
    public String type;
    /** The tenant of the job the event is about; published as the {@code ce_tenant} header. */
    public String tenant;
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    /** W3C traceparent of the span that wrote the row; the relay publishes the record as its child. */
    @Column(name = "trace_parent")
    public String traceParent;
}
