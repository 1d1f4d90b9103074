package io.trainyard.jobs.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A tick a schedule acted on: the job it created, or why it created none; then whether the job was promoted. */
@Entity
@Table(name = "schedule_run")
public class ScheduleRun extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "schedule_id") UUID scheduleId, @Column(name = "tick_at") Instant tickAt)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "job_id")
    public UUID jobId;
    /** Ticks between the previous run and this one that passed without one (job-api was down). */
    @Column(name = "missed_ticks")
    public int missedTicks;
    /** Why no job was created; null when one was. */
    public String skipped;
    /** What became of the alias when the job succeeded; null before, or without promotion. */
    public String promotion;
    @Column(name = "created_at")
    public Instant createdAt;

    static ScheduleRun of(Schedule schedule, Instant tick, int missed, Instant now) {
        ScheduleRun run = new ScheduleRun();
        run.key = new Key(schedule.id, tick);
        run.missedTicks = missed;
        run.createdAt = now;
        return run;
    }
}
