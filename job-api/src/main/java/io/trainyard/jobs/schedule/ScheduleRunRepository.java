package io.trainyard.jobs.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class ScheduleRunRepository implements PanacheRepositoryBase<ScheduleRun, ScheduleRun.Key> {

    /** The run that created this job; null for a job no schedule created. */
    public Uni<ScheduleRun> byJob(UUID jobId) {
        return find("jobId", jobId).firstResult();
    }

    /** A schedule's newest runs, with the status and model version of each run's job where it still exists. */
    public Uni<List<ScheduleRunResponse>> newest(UUID scheduleId, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT r.tick_at, r.job_id, j.status, j.model_version, r.missed_ticks, r.skipped, r.promotion,
                       r.created_at
                FROM schedule_run r LEFT JOIN training_job j ON j.id = r.job_id
                WHERE r.schedule_id = :schedule ORDER BY r.tick_at DESC LIMIT :limit""", Object[].class)
                .setParameter("schedule", scheduleId).setParameter("limit", limit).getResultList())
                .map(rows -> rows.stream().map(r -> new ScheduleRunResponse(((OffsetDateTime) r[0]).toInstant(),
                        (UUID) r[1], r[2] == null ? null : JobStatus.fromWire((String) r[2]),
                        r[3] == null ? null : ((Number) r[3]).intValue(), ((Number) r[4]).intValue(), (String) r[5],
                        (String) r[6], ((OffsetDateTime) r[7]).toInstant())).toList());
    }
}
