package io.trainyard.lineage.projection;

import io.trainyard.contracts.OpenLineage.EventType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A lineage event as received; its CloudEvents id marks it as processed. */
@Entity
@Table(name = "lineage_event")
public class LineageEvent {
    @Id
    @Column(name = "event_id")
    private String eventId;

    @Column(name = "run_id", nullable = false, updatable = false)
    private UUID runId;

    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false, updatable = false)
    private EventType eventType;

    @Column(name = "event_time", nullable = false, updatable = false)
    private Instant eventTime;

    // The JSON exactly as the worker sent it, for audits and for re-projection.
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "payload", nullable = false, updatable = false)
    private String payload;

    @Column(name = "received_at", nullable = false, updatable = false)
    private Instant receivedAt;

    protected LineageEvent() {
    }

    LineageEvent(String eventId, UUID runId, EventType eventType, Instant eventTime, String payload,
            Instant receivedAt) {
        this.eventId = eventId;
        this.runId = runId;
        this.eventType = eventType;
        this.eventTime = eventTime;
        this.payload = payload;
        this.receivedAt = receivedAt;
    }

    public EventType getEventType() {
        return eventType;
    }

    public Instant getEventTime() {
        return eventTime;
    }
}
