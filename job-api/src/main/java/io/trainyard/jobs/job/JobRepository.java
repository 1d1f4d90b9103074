package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;
import io.trainyard.contracts.MetricDirection;
import io.trainyard.support.identity.Caller;
import io.trainyard.support.problem.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class JobRepository implements PanacheRepositoryBase<TrainingJob, UUID> {

    /** Filters of the job list; null means "any" (for the tenant: every tenant, which only operators ask for). */
    public record Filter(String tenant, JobStatus status, String modelFamily, String nameContains, String tag,
            JobPriority priority, UUID experimentId) {
        /** Whether a filter beyond the tenant and status narrows the list: no maintained count answers its total. */
        public boolean narrowed() {
            return modelFamily != null || nameContains != null || tag != null || priority != null
                    || experimentId != null;
        }
    }

    /** One page of jobs, newest first, and whether more jobs follow it. */
    public record PageOf(List<TrainingJob> items, boolean more) {
    }

    /** Of the newest jobs of a list's tenant and status: how many were looked at, how many the whole filter matches. */
    public record Sample(long looked, long matched) {
    }

    /** The job, if the caller may see it: another tenant's job is a 404, as if it did not exist. */
    public Uni<TrainingJob> visible(Caller caller, UUID id) {
        return findById(id).map(job -> job != null && caller.canRead(job.tenant) ? job : null)
                .onItem().ifNull().failWith(() -> ApiProblem.notFound("job", id));
    }

    public Uni<TrainingJob> findByIdempotencyKey(String tenant, String key) {
        return find("tenant = ?1 and idempotencyKey = ?2", tenant, key).firstResult();
    }

    /**
     * The jobs after the cursor (or, without one, after skipping {@code offset}), newest first. The page's ids come
     * from the list's index (without a narrowing filter, from the index alone, so that skipped jobs cost little),
     * then their rows.
     */
    public Uni<PageOf> page(Filter filter, JobCursor after, long offset, int size) {
        JobListSql sql = JobListSql.of(filter).after(after);
        return getSession().flatMap(session -> sql.bind(session.createNativeQuery("""
                SELECT p.* FROM training_job p JOIN (
                    SELECT j.id FROM training_job j WHERE %s ORDER BY %s OFFSET :offset LIMIT :limit) page
                  ON page.id = p.id
                ORDER BY p.created_at DESC, p.id DESC""".formatted(sql.where(true), JobListSql.NEWEST_FIRST),
                TrainingJob.class)).setParameter("offset", offset).setParameter("limit", size + 1).getResultList())
                .map(rows -> new PageOf(rows.size() > size ? rows.subList(0, size) : rows, rows.size() > size));
    }

    /** How many of the newest {@code rows} jobs of the filter's tenant and status the whole filter matches. */
    public Uni<Sample> sample(Filter filter, int rows) {
        JobListSql sql = JobListSql.of(filter);
        return getSession().flatMap(session -> sql.bind(session.createNativeQuery("""
                SELECT count(*), count(*) FILTER (WHERE %s) FROM (
                    SELECT j.id, j.name, j.model_family, j.priority, j.experiment_id FROM training_job j WHERE %s
                    ORDER BY %s LIMIT :rows) j""".formatted(sql.narrowing(), sql.where(false),
                JobListSql.NEWEST_FIRST), Object[].class)).setParameter("rows", rows).getSingleResult())
                .map(row -> new Sample(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /** How many jobs the whole filter matches, counted: for filters whose range an index bounds (an experiment's). */
    public Uni<Long> count(Filter filter) {
        JobListSql sql = JobListSql.of(filter);
        return getSession().flatMap(session -> sql.bind(session.createNativeQuery(
                "SELECT count(*) FROM training_job j WHERE " + sql.where(true), Long.class)).getSingleResult());
    }

    /**
     * The best {@code limit} runs of an experiment by a final metric in a direction (runs without a number for it
     * last), or its newest without a metric; ranked by the database on the experiment's index.
     */
    public Uni<List<TrainingJob>> bestOfExperiment(UUID experiment, String metric, MetricDirection direction,
            int limit) {
        String order = metric == null ? "" : "CASE WHEN jsonb_typeof(j.final_metrics -> :metric) = 'number' THEN "
                + "(j.final_metrics ->> :metric)::float8 END " + (direction == MetricDirection.LOWER_IS_BETTER
                        ? "ASC" : "DESC") + " NULLS LAST, ";
        return getSession().flatMap(session -> {
            var query = session.createNativeQuery("SELECT j.* FROM training_job j WHERE j.experiment_id = :experiment "
                    + "ORDER BY " + order + JobListSql.NEWEST_FIRST + " LIMIT :limit", TrainingJob.class)
                    .setParameter("experiment", experiment).setParameter("limit", limit);
            return (metric == null ? query : query.setParameter("metric", metric)).getResultList();
        });
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
}
