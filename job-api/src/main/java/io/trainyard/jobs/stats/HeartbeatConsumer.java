package io.trainyard.jobs.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.WorkerHeartbeat;
import io.trainyard.support.messaging.EventPayload;
import io.trainyard.support.messaging.Projections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;

/** Keeps the latest heartbeat per worker; an older one arriving late is ignored. */
@ApplicationScoped
public class HeartbeatConsumer {
    public static final String CHANNEL = "worker-heartbeats";
    private static final EventPayload<WorkerHeartbeat> PAYLOAD = EventPayload.of(WorkerHeartbeat.class,
            h -> h.workerId() != null && h.sentAt() != null && h.slots() >= 0, "worker_id, sent_at and slots",
            EventTypes.WORKER_HEARTBEAT).skippingOthersOf(EventTypes.WORKER_TYPES);

    private final ObjectMapper json;

    public HeartbeatConsumer(ObjectMapper json) {
        this.json = json;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Projections.apply(message, PAYLOAD, json, (eventId, heartbeat) -> Panache.withTransaction(() -> WorkerHeartbeatRow
                .<WorkerHeartbeatRow>findById(heartbeat.workerId()).flatMap(row -> {
                    if (row != null && row.sentAt.isAfter(heartbeat.sentAt())) {
                        return Uni.createFrom().voidItem();
                    }
                    WorkerHeartbeatRow latest = row != null ? row : new WorkerHeartbeatRow();
                    latest.workerId = heartbeat.workerId();
                    latest.slots = heartbeat.slots();
                    latest.busySlots = heartbeat.runningJobs().size();
                    latest.sentAt = heartbeat.sentAt();
                    latest.lastSeen = Instant.now();
                    return row != null ? Uni.createFrom().voidItem() : latest.persist().replaceWithVoid();
                })));
    }
}
