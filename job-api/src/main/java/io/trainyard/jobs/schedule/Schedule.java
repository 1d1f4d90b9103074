package io.trainyard.jobs.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A cron expression in a time zone that creates a job from {@link #jobTemplate} on each tick. */
@Entity
@Table(name = "schedule")
public class Schedule extends PanacheEntityBase {
    @Id
    public UUID id;
    public String tenant;
    /** The user who created it: its jobs are theirs, and with the tenant's admins they may change it. */
    public String owner;
    /** Unique within the tenant. */
    public String name;
    public String cron;
    @Column(name = "time_zone")
    public String timeZone;
    /** Each tick trains on the newest version of the tenant's dataset of this name. */
    @Column(name = "dataset_name")
    public String datasetName;
    /** A job creation body without dataset_id, as validated when the schedule was saved. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "job_template")
    public Map<String, Object> jobTemplate;
    @Enumerated(EnumType.STRING)
    @Column(name = "missed_ticks")
    public MissedTicks missedTicks;
    /** The alias a run's model version moves to when it beats the holder in {@link #promoteMetric}; null: never. */
    @Column(name = "promote_alias")
    public String promoteAlias;
    @Column(name = "promote_metric")
    public String promoteMetric;
    public boolean paused;
    /** The next tick to act on; while paused, the next one after the pause would end now. */
    @Column(name = "next_tick_at")
    public Instant nextTickAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    CronSchedule ticks() {
        return CronSchedule.of(cron, timeZone);
    }
}
