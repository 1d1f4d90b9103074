package io.trainyard.support.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The idempotent projection step: an event's CloudEvents id is recorded in the {@code processed_event}
 * table in the same transaction as the projection it causes, so a redelivered event changes nothing.
 * Kafka delivers at least once and no transaction spans the ack, hence this table in every service
 * that keeps a read model. {@link #once} for one event through Hibernate Reactive, {@link #fresh} for a batch
 * on a connection of the reactive SQL client.
 */
public final class ProcessedEvents {
    private static final Logger LOG = Logger.getLogger(ProcessedEvents.class);
    // A concurrent twin blocks on the uncommitted row, then inserts nothing once the first one commits.
    private static final String RECORD = "INSERT INTO processed_event (event_id, processed_at) VALUES (:id, now()) "
            + "ON CONFLICT (event_id) DO NOTHING";
    // The same for a batch, in one statement: the ids it inserted are the ones not projected before.
    private static final String RECORD_ALL = "INSERT INTO processed_event (event_id, processed_at) "
            + "SELECT id, now() FROM unnest($1::text[]) AS id ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

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

    /**
     * Records the ids in the transaction of {@code connection} (one statement, whatever their number); returns
     * those that were not recorded yet, which the caller projects in the same transaction.
     */
    public static Uni<Set<String>> fresh(SqlConnection connection, List<String> eventIds) {
        return connection.preparedQuery(RECORD_ALL)
                .execute(Tuple.tuple().addArrayOfString(eventIds.toArray(String[]::new)))
                .map(inserted -> {
                    Set<String> fresh = new HashSet<>(inserted.size() * 2);
                    inserted.forEach(row -> fresh.add(row.getString(0)));
                    if (fresh.size() < eventIds.size()) {
                        LOG.debugf("%d of %d events already projected, skipping them", eventIds.size() - fresh.size(),
                                eventIds.size());
                    }
                    return fresh;
                });
    }
}
