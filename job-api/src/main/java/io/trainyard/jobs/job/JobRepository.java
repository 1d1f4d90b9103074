package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class JobRepository implements PanacheRepositoryBase<TrainingJob, UUID> {

    /** Filters of the job list; null means "any" (for the tenant: every tenant, which only operators ask for). */
    public record Filter(String tenant, JobStatus status, String modelFamily, String nameContains, String tag, JobPriority priority) {
    }

    /** One page of jobs and the total matching the filter. */
    public record PageOf(List<TrainingJob> items, long total) {
    }

    /** The job, if the caller may see it: another tenant's job is a 404, as if it did not exist. */
    public Uni<TrainingJob> visible(Caller caller, UUID id) {
        return findById(id).map(job -> job != null && caller.canRead(job.tenant) ? job : null)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("job", id));
    }

    public Uni<TrainingJob> findByIdempotencyKey(String tenant, String key) {
        return find("tenant = ?1 and idempotencyKey = ?2", tenant, key).firstResult();
    }

    public Uni<PageOf> search(Filter filter, int page, int pageSize) {
        List<String> clauses = new ArrayList<>();
        Parameters params = new Parameters();
        if (filter.tenant() != null) {
            clauses.add("tenant = :tenant");
            params.and("tenant", filter.tenant());
        }
        if (filter.status() != null) {
            clauses.add("status = :status");
            params.and("status", filter.status());
        }
        if (filter.modelFamily() != null) {
            clauses.add("modelFamily = :family");
            params.and("family", filter.modelFamily());
        }
        if (filter.nameContains() != null) {
            clauses.add("lower(name) like :q escape '\\'");
            params.and("q", "%" + escapeLike(filter.nameContains().toLowerCase(Locale.ROOT)) + "%");
        }
        if (filter.priority() != null) {
            clauses.add("priority = :priority");
            params.and("priority", filter.priority());
        }
        if (filter.tag() != null) {
            clauses.add("id in (select t.key.jobId from JobTag t where t.key.tag = :tag)");
            params.and("tag", filter.tag());
        }
        String where = String.join(" and ", clauses);
        var query = find(where, Sort.descending("createdAt").and("id"), params);
        // One session runs one operation at a time: the page, then the count.
        return query.page(Page.of(page - 1, pageSize)).list()
                .flatMap(items -> query.count().map(total -> new PageOf(items, total)));
    }

    /** Recent succeeded jobs of a family with their run times: the history duration estimates come from. */
    public Uni<List<TrainingJob>> recentSuccesses(String modelFamily, int limit) {
        return find("modelFamily = ?1 and status = ?2 and startedAt is not null and finishedAt is not null",
                Sort.descending("finishedAt"), modelFamily, JobStatus.SUCCEEDED).page(Page.ofSize(limit)).list();
    }

    public Uni<List<TrainingJob>> retriesOf(List<UUID> ids) {
        return list("retryOf in ?1", Sort.ascending("createdAt"), ids);
    }

    public Uni<List<JobTag>> tagsOf(List<UUID> ids) {
        return JobTag.<JobTag>list("key.jobId in ?1", Sort.ascending("key.tag"), ids);
    }

    /**
     * The jobs waiting for a worker slot, highest priority first and FIFO within a priority, locked
     * so that a concurrent cancel waits for the scheduler's decision.
     */
    public Uni<List<TrainingJob>> nextInQueue(int limit) {
        return find("status = ?1 and dispatchedAt is null", Sort.descending("priorityRank").and("queuedAt").and("id"),
                JobStatus.QUEUED).withLock(LockModeType.PESSIMISTIC_WRITE).page(Page.ofSize(limit)).list();
    }

    /** 1-based places in the queue of those of these jobs that wait for a worker slot. */
    public Uni<Map<UUID, Long>> queuePositions(List<UUID> ids) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT id, place FROM (
                    SELECT id, row_number() OVER (ORDER BY priority_rank DESC, queued_at, id) AS place
                    FROM training_job WHERE status = 'QUEUED' AND dispatched_at IS NULL) queue
                WHERE id IN (:ids)""", Object[].class).setParameter("ids", ids).getResultList())
                .map(rows -> rows.stream().collect(java.util.stream.Collectors.toMap(r -> (UUID) r[0],
                        r -> ((Number) r[1]).longValue())));
    }

    /** Queued and running jobs of a tenant, or of every tenant (null). */
    public Uni<List<TrainingJob>> active(String tenant) {
        List<JobStatus> active = List.of(JobStatus.QUEUED, JobStatus.RUNNING);
        return tenant == null ? list("status in ?1", Sort.ascending("createdAt"), active)
                : list("tenant = ?1 and status in ?2", Sort.ascending("createdAt"), tenant, active);
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
