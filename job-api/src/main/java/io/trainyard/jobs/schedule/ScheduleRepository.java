package io.trainyard.jobs.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class ScheduleRepository implements PanacheRepositoryBase<Schedule, UUID> {

    /** The schedules of a tenant, or of every tenant (null), newest first. */
    public Uni<List<Schedule>> all(String tenant) {
        Sort newestFirst = Sort.descending("createdAt").and("id", Sort.Direction.Descending);
        return tenant == null ? listAll(newestFirst) : list("tenant", newestFirst, tenant);
    }

    /**
     * The schedule whose tick is most overdue, locked for the caller's transaction; one that another replica is
     * acting on is passed over (SKIP LOCKED), so that replicas share the work instead of waiting for each other.
     */
    public Uni<Schedule> claimDue(Instant now) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM schedule WHERE NOT paused AND next_tick_at <= :now
                ORDER BY next_tick_at LIMIT 1 FOR UPDATE SKIP LOCKED""", Schedule.class)
                .setParameter("now", now).getResultList())
                .map(found -> found.isEmpty() ? null : found.get(0));
    }
}
