package io.trainyard.jobs.stats;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.jobs.job.JobCounts;
import org.hibernate.reactive.mutiny.Mutiny;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final JobCounts counts;

    public StatsService(JobApiConfig config, JobCounts counts) {
        this.workerTimeout = config.workers().timeout();
        this.counts = counts;
    }

    /**
     * The jobs of a tenant (null: of every tenant) and the workers, which every tenant shares. Nothing here reads
     * every job: the per-status counts are maintained ({@link JobCounts}), the queue is read from the tenant's
     * queued jobs, and the last hour's and day's figures from the jobs that finished or started in the last day,
     * each through an index (migrations V14, V16).
     */
    public Uni<Stats> stats(String tenant) {
        return Panache.withSession(() -> counts.byStatus(tenant).flatMap(statuses -> Panache.getSession()
                .flatMap(session -> queuedByPriority(session, tenant).flatMap(priorities -> workers(session)
                        .flatMap(workers -> recent(session, tenant)
                                .map(recent -> assemble(statuses, priorities, workers, recent)))))));
    }

    private static Uni<List<Object[]>> queuedByPriority(Mutiny.Session session, String tenant) {
        return scoped(session.createNativeQuery("SELECT priority, count(*) FROM training_job WHERE "
                + scope(tenant) + "status = 'QUEUED' GROUP BY priority", Object[].class), tenant).getResultList();
    }

    private Uni<Object[]> workers(Mutiny.Session session) {
        return session.createNativeQuery("""
                SELECT count(*), coalesce(sum(slots), 0), coalesce(sum(busy_slots), 0)
                FROM worker_heartbeat WHERE sent_at > :cutoff""", Object[].class)
                // The scheduler's rule for a live worker, with the same (JVM) clock: both always agree.
                .setParameter("cutoff", Instant.now().minus(workerTimeout)).getSingleResult();
    }

    /** Finished in the last hour and day, and the mean queue wait of the jobs started in the last day. */
    private static Uni<Object[]> recent(Mutiny.Session session, String tenant) {
        // finished_at is set exactly when a job ends: the status condition only lets the finished jobs' index serve.
        return scoped(session.createNativeQuery("""
                SELECT count(*) FILTER (WHERE finished_at > now() - interval '1 hour'),
                       count(*),
                       count(*) FILTER (WHERE status = 'SUCCEEDED'),
                       count(*) FILTER (WHERE status = 'FAILED'),
                       (SELECT avg(extract(epoch FROM started_at - created_at))
                        FROM training_job WHERE %1$sstarted_at > now() - interval '1 day')
                FROM training_job
                WHERE %1$sstatus IN ('SUCCEEDED', 'FAILED', 'CANCELLED') AND finished_at > now() - interval '1 day'"""
                .formatted(scope(tenant)), Object[].class), tenant).getSingleResult();
    }

    /** The condition (with its AND) that keeps a tenant's jobs; none for every tenant's. */
    private static String scope(String tenant) {
        return tenant == null ? "" : "tenant = :tenant AND ";
    }

    private static <T> Mutiny.SelectionQuery<T> scoped(Mutiny.SelectionQuery<T> query, String tenant) {
        return tenant == null ? query : query.setParameter("tenant", tenant);
    }

    private static Stats assemble(Map<JobStatus, Long> statuses, List<Object[]> priorities, Object[] workers,
            Object[] recent) {
        Map<String, Long> jobs = new LinkedHashMap<>();
        for (JobStatus status : List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.PAUSED, JobStatus.SUCCEEDED,
                JobStatus.FAILED, JobStatus.CANCELLED)) {
            jobs.put(status.wireName(), statuses.get(status));
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
