package io.trainyard.lineage.query;

import io.trainyard.contracts.OpenLineage.EventType;
import io.trainyard.lineage.projection.LineageEvent;

import java.time.Instant;

public record EventView(EventType eventType, Instant eventTime) {
    static EventView from(LineageEvent event) {
        return new EventView(event.getEventType(), event.getEventTime());
    }
}
