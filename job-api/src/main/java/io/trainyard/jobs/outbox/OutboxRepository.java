package io.trainyard.jobs.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
@WithSession
public class OutboxRepository implements PanacheRepositoryBase<OutboxEvent, Long> {

    /**
     * The oldest unpublished events, row-locked so that several job-api replicas can relay at once
     * without publishing the same row twice at the same moment.
     */
    public Uni<List<OutboxEvent>> lockOldest(int limit) {
        return getSession().flatMap(session -> session
                .createNativeQuery("SELECT * FROM outbox_event ORDER BY seq LIMIT :limit FOR UPDATE SKIP LOCKED",
                        OutboxEvent.class)
                .setParameter("limit", limit).getResultList());
    }
}
