package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.trainyard.contracts.JobStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One line of a job's audit trail: an API action or a worker report, in the order recorded. */
@Entity
@Table(name = "job_event")
public class JobEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public UUID jobId;
    /** The Kafka event it came from; null for actions taken by the API itself. */
    @Column(name = "event_id")
    public String eventId;
    public String type;
    @Enumerated(EnumType.STRING)
    public JobStatus status;
    @Column(name = "progress_percent")
    public Double progressPercent;
    @Column(name = "current_epoch")
    public Integer currentEpoch;
    public String message;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "recorded_at")
    public Instant recordedAt;

    public static JobEvent of(TrainingJob job, String type, String eventId, String message, Instant occurredAt) {
        JobEvent e = new JobEvent();
        e.jobId = job.id;
        e.eventId = eventId;
        e.type = type;
        e.status = job.status;
        e.progressPercent = job.progressPercent;
        e.currentEpoch = job.currentEpoch;
        e.message = message;
        e.occurredAt = occurredAt;
        e.recordedAt = Instant.now();
        return e;
    }
}
