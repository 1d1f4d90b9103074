package io.trainyard.jobs.stats;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobPriority;
import io.trainyard.jobs.config.JobApiConfig;
import org.hibernate.reactive.mutiny.Mutiny;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Counts over the job read model and the workers' heartbeats, all computed in PostgreSQL. */
@ApplicationScoped
public class StatsService {

    /**
     * @param jobs                   jobs per status
     * @param queuedByPriority       queued jobs per priority, urgent first (waiting for a slot or just handed
     *                               to a worker)
     * @param workersAlive           workers heard from within the liveness window
     * @param capacity               training slots of those workers
     * @param busySlots              slots training a job right now
     * @param utilization            busy / capacity, null without capacity
     * @param meanQueueWaitSeconds   created -> started, over the jobs started in the last day
     */
    public record Stats(Map<String, Long> jobs, Map<String, Long> queuedByPriority, long workersAlive, long capacity, long busySlots, Double utilization,
            long finishedLastHour, long finishedLastDay, long succeededLastDay, long failedLastDay,
            Double meanQueueWaitSeconds, Instant computedAt) {
    }

    private final Duration workerTimeout;

    public StatsService(JobApiConfig config) {
        this.workerTimeout = config.workers().timeout();
    }

    /**
     * The jobs of a tenant (null: of every tenant) and the workers, which every tenant shares. The tenant is a
     * parameter: {@code jobs} below is the tenant's rows of training_job.
     */
    public Uni<Stats> stats(String tenant) {
        String jobs = tenant == null ? "training_job" : "(SELECT * FROM training_job WHERE tenant = :tenant) jobs";
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> scoped(session
                .createNativeQuery("SELECT status, count(*) FROM " + jobs + " GROUP BY status", Object[].class),
                tenant).getResultList()
                .flatMap(statuses -> scoped(session.createNativeQuery(
                        "SELECT priority, count(*) FROM " + jobs + " WHERE status = 'QUEUED' GROUP BY priority",
                        Object[].class), tenant).getResultList().flatMap(priorities -> session.createNativeQuery("""
                        SELECT count(*), coalesce(sum(slots), 0), coalesce(sum(busy_slots), 0)
                        FROM worker_heartbeat WHERE sent_at > :cutoff""",
                        // The scheduler's rule for a live worker, with the same (JVM) clock: both always agree.
                        Object[].class).setParameter("cutoff", Instant.now().minus(workerTimeout)).getSingleResult()
                        .flatMap(workers -> scoped(session.createNativeQuery("""
                                SELECT count(*) FILTER (WHERE finished_at > now() - interval '1 hour'),
                                       count(*) FILTER (WHERE finished_at > now() - interval '1 day'),
                                       count(*) FILTER (WHERE status = 'SUCCEEDED' AND finished_at > now() - interval '1 day'),
                                       count(*) FILTER (WHERE status = 'FAILED' AND finished_at > now() - interval '1 day'),
                                       avg(extract(epoch FROM started_at - created_at))
                                           FILTER (WHERE started_at > now() - interval '1 day')
                                FROM\s""" + jobs, Object[].class), tenant).getSingleResult()
                                .map(recent -> assemble(statuses, priorities, workers, recent)))))));
    }

    private static <T> Mutiny.SelectionQuery<T> scoped(Mutiny.SelectionQuery<T> query, String tenant) {
        return tenant == null ? query : query.setParameter("tenant", tenant);
    }

    private static Stats assemble(List<Object[]> statuses, List<Object[]> priorities, Object[] workers,
            Object[] recent) {
        Map<String, Long> jobs = new LinkedHashMap<>();
        for (String status : List.of("queued", "running", "paused", "succeeded", "failed", "cancelled")) {
            jobs.put(status, 0L);
        }
        for (Object[] row : statuses) {
            jobs.put(((String) row[0]).toLowerCase(Locale.ROOT), ((Number) row[1]).longValue());
        }
        Map<String, Long> queued = new LinkedHashMap<>();
        for (int rank = JobPriority.values().length - 1; rank >= 0; rank--) {
            queued.put(JobPriority.values()[rank].wireName(), 0L);
        }
        for (Object[] row : priorities) {
            queued.put(JobPriority.valueOf((String) row[0]).wireName(), ((Number) row[1]).longValue());
        }
        long capacity = ((Number) workers[1]).longValue();
        long busy = ((Number) workers[2]).longValue();
        return new Stats(jobs, queued, ((Number) workers[0]).longValue(), capacity, busy,
                capacity == 0 ? null : (double) busy / capacity, ((Number) recent[0]).longValue(),
                ((Number) recent[1]).longValue(), ((Number) recent[2]).longValue(), ((Number) recent[3]).longValue(),
                recent[4] == null ? null : ((Number) recent[4]).doubleValue(), Instant.now());
    }
}
