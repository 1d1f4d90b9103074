package io.trainyard.jobs.job;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;
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

/**
 * The job read model: what the user asked for and the latest known state reported by a worker. Only
 * persisted state: what a response adds (tags, retries, queue position) is loaded by {@link JobQueries}.
 */
@Entity
@Table(name = "training_job")
public class TrainingJob extends PanacheEntityBase {
    @Id
    public UUID id;
    public String tenant;
    /** The user who created the job: with the tenant's admins, the one who may change it. */
    public String owner;
    public String name;
    @Column(name = "dataset_id")
    public UUID datasetId;
    /** The version of its name that the dataset is: what the job trained on, exactly. */
    @Column(name = "dataset_version")
    public Integer datasetVersion;
    @Column(name = "model_family")
    public String modelFamily;
    @Enumerated(EnumType.STRING)
    public JobStatus status;
    /** The effective ones, validated when the job was created; jsonb in the record's own JSON names. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Hyperparameters hyperparameters;
    @Column(name = "validation_split")
    public double validationSplit;
    @Column(name = "train_rows")
    public long trainRows;
    @Column(name = "val_rows")
    public long valRows;
    @Column(name = "test_rows")
    public long testRows;
    @Column(name = "progress_percent")
    public double progressPercent;
    @Column(name = "current_epoch")
    public int currentEpoch;
    @Column(name = "total_epochs")
    public int totalEpochs;
    @Column(name = "eta_seconds")
    public Long etaSeconds;
    public String device;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "final_metrics")
    public Map<String, Double> finalMetrics;
    @Column(name = "model_uri")
    public String modelUri;
    @Column(name = "model_checksum")
    public String modelChecksum;
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "request_fingerprint")
    public String requestFingerprint;
    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;
    /** Registry name the trained model is registered under. */
    @Column(name = "model_name")
    public String modelName;
    /** Registry version assigned when the job succeeded. */
    @Column(name = "model_version")
    public Integer modelVersion;
    @Column(name = "pause_requested_at")
    public Instant pauseRequestedAt;
    @Column(name = "checkpoint_uri")
    public String checkpointUri;
    @Column(name = "checkpoint_sha256")
    public String checkpointSha256;
    @Column(name = "checkpoint_epoch")
    public Integer checkpointEpoch;
    @JdbcTypeCode(SqlTypes.JSON)
    public Evaluation evaluation;
    @Column(name = "parameter_count")
    public Long parameterCount;
    @Column(name = "best_epoch")
    public Integer bestEpoch;
    @Column(name = "stop_reason")
    public String stopReason;
    public String description;
    /** The experiment the job belongs to; null for none. */
    @Column(name = "experiment_id")
    public UUID experimentId;
    /** The failed or cancelled job this one retries. */
    @Column(name = "retry_of")
    public UUID retryOf;
    /** From past succeeded jobs of the family, scaled to this job's rows x epochs; null without history. */
    @Column(name = "estimated_duration_seconds")
    public Long estimatedDurationSeconds;
    @Enumerated(EnumType.STRING)
    public JobPriority priority = JobPriority.NORMAL;
    /** {@link JobPriority#rank()} of {@link #priority}, for the queue's index. */
    @Column(name = "priority_rank")
    public int priorityRank = JobPriority.NORMAL.rank();
    /** When the job last entered the queue: FIFO order within a priority. */
    @Column(name = "queued_at")
    public Instant queuedAt;
    /** The worker the scheduler gave this job to (kept after it finished, for the record). */
    @Column(name = "assigned_worker")
    public String assignedWorker;
    /** When the start command was addressed to {@link #assignedWorker}; null while waiting for a slot. */
    @Column(name = "dispatched_at")
    public Instant dispatchedAt;
    /** How many times the job was handed to a worker (a lost worker's jobs are handed out again). */
    public int attempts;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    /** W3C traceparent of the request that (re)queued the job: its start command continues that trace. */
    @Column(name = "trace_parent")
    public String traceParent;

    /** A new job of {@code owner} in {@code tenant} waiting in the queue: the one row a create and a retry store. */
    public static TrainingJob queued(JobSpec spec, String tenant, String owner, Instant now) {
        TrainingJob job = new TrainingJob();
        job.id = UUID.randomUUID();
        job.tenant = tenant;
        job.owner = owner;
        job.name = spec.name();
        job.datasetId = spec.datasetId();
        job.datasetVersion = spec.datasetVersion();
        job.modelFamily = spec.modelFamily();
        job.modelName = spec.modelName();
        job.hyperparameters = spec.hyperparameters();
        job.validationSplit = spec.validationSplit();
        job.trainRows = spec.trainRows();
        job.valRows = spec.valRows();
        job.testRows = spec.testRows();
        job.totalEpochs = spec.hyperparameters().epochs();
        job.description = spec.description();
        job.experimentId = spec.experimentId();
        job.setPriority(spec.priority());
        job.createdAt = now;
        job.enqueueAt(now);
        return job;
    }

    public void setPriority(JobPriority priority) {
        this.priority = priority;
        this.priorityRank = priority.rank();
    }

    /** Puts the job (back) in the queue at the end of its priority, waiting for a free worker slot. */
    public void enqueueAt(Instant at) {
        status = JobStatus.QUEUED;
        queuedAt = at;
        assignedWorker = null;
        dispatchedAt = null;
        etaSeconds = null;
        updatedAt = at;
    }

    /**
     * Back in the queue after its worker gave it up (lost or shutting down): it has waited already, so it keeps
     * its place in its priority.
     */
    public void requeueKeepingPlace(Instant at) {
        Instant place = queuedAt;
        enqueueAt(at);
        queuedAt = place;
    }

    /** Where the job continues when it starts again, as the job's events and logs say it. */
    public String resumesFrom() {
        return checkpoint() == null ? "from the start" : "from the checkpoint after epoch " + checkpointEpoch;
    }

    /** The checkpoint a paused job continues from, if it has one. */
    public CheckpointRef checkpoint() {
        return checkpointUri == null ? null : new CheckpointRef(checkpointUri, checkpointSha256, checkpointEpoch);
    }
}
