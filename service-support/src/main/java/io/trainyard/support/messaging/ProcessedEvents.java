package io.trainyard.support.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * The idempotent projection step: an event's CloudEvents id is recorded in the {@code processed_event}
 * table in the same transaction as the projection it causes, so a redelivered event changes nothing.
 * Kafka delivers at least once and no transaction spans the ack, hence this table in every service
 * that keeps a read model.
 */
public final class ProcessedEvents {
    private static final Logger LOG = Logger.getLogger(ProcessedEvents.class);
    // A concurrent twin blocks on the uncommitted row, then inserts nothing once the first one commits.
    private static final String RECORD = "INSERT INTO processed_event (event_id, processed_at) VALUES (:id, now()) "
            + "ON CONFLICT (event_id) DO NOTHING";

    private ProcessedEvents() {
    }

    /** Runs the projection in a transaction that also records the event id, unless that id is recorded already. */
    public static Uni<Void> once(String eventId, Supplier<Uni<Void>> projection) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD).setParameter("id", eventId).executeUpdate())
                .chain(recorded -> {
                    if (recorded == 0) {
                        LOG.debugf("event %s already projected, skipping", eventId);
                        return Uni.createFrom().voidItem();
                    }
                    return projection.get();
                }));
    }
}
