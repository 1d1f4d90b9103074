package io.trainyard.jobs.logs;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One log line a worker shipped for a job. */
@Entity
@Table(name = "job_log")
public class JobLog extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public UUID jobId;
    @Column(name = "event_id")
    public String eventId;
    public String level;
    public String message;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    /** The job's trace the worker logged the line in; null when tracing was off. */
    @Column(name = "trace_id")
    public String traceId;
}
