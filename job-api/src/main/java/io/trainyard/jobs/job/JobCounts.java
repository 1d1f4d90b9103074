package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs per status of a tenant, read from the counts the database keeps as jobs are created, change status and
 * are deleted (migration V15): a few rows, however many jobs there are, and exact in the reader's snapshot.
 */
@ApplicationScoped
public class JobCounts {
    private static final Logger LOG = Logger.getLogger(JobCounts.class);

    /** Jobs per status of a tenant (null: of every tenant); every status is there, 0 when none. */
    public Uni<Map<JobStatus, Long>> byStatus(String tenant) {
        String scope = tenant == null ? "" : " WHERE tenant = :tenant";
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery("SELECT status, sum(jobs) FROM (SELECT status, jobs FROM job_count"
                    + scope + " UNION ALL SELECT status, delta FROM job_count_change" + scope + ") counts "
                    + "GROUP BY status", Object[].class);
            return (tenant == null ? query : query.setParameter("tenant", tenant)).getResultList();
        })).map(JobCounts::byStatus);
    }

    /** Jobs of a tenant (null: every tenant), of one status or (null) of any. */
    public Uni<Long> of(String tenant, JobStatus status) {
        return byStatus(tenant).map(counts -> status != null ? counts.get(status)
                : counts.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Moves the changes the triggers appended into the counts, so that readers add only a few seconds' worth. */
    @Scheduled(every = "${trainyard.lists.count-fold-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> fold() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("SELECT cast(job_count_fold() AS text)", String.class).getSingleResult()))
                .onFailure().invoke(e -> LOG.debugf("folding the job counts failed, will retry: %s", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private static Map<JobStatus, Long> byStatus(List<Object[]> rows) {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        for (Object[] row : rows) {
            counts.put(JobStatus.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        return counts;
    }
}
