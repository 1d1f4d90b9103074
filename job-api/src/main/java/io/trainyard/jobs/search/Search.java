package io.trainyard.jobs.search;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.trainyard.contracts.MetricDirection;
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

/** A hyperparameter search: its space, metric, budget and strategy, and where it stands. */
@Entity
@Table(name = "search")
public class Search extends PanacheEntityBase {

    public enum Status {
        RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Strategy {
        GRID, RANDOM, TPE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Id
    public UUID id;
    public String tenant;
    public String owner;
    public String name;
    @Column(name = "experiment_id")
    public UUID experimentId;
    @Column(name = "dataset_id")
    public UUID datasetId;
    @Column(name = "model_family")
    public String modelFamily;
    /** Every trial registers a version of this model; the best one's gets the alias {@code best}. */
    @Column(name = "model_name")
    public String modelName;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "job_template")
    public Map<String, Object> jobTemplate;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> space;
    public String metric;
    @Enumerated(EnumType.STRING)
    public MetricDirection direction;
    @Enumerated(EnumType.STRING)
    public Strategy strategy;
    @Column(name = "max_trials")
    public int maxTrials;
    @Column(name = "max_parallel")
    public int maxParallel;
    @Column(name = "max_runtime_seconds")
    public long maxRuntimeSeconds;
    /** ASHA's first rung (epochs); null: no early stopping. */
    @Column(name = "asha_grace_epochs")
    public Integer ashaGraceEpochs;
    @Column(name = "asha_reduction_factor")
    public Integer ashaReductionFactor;
    public long seed;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Why it ended as it did. */
    public String message;
    @Column(name = "best_job_id")
    public UUID bestJobId;
    @Column(name = "best_value")
    public Double bestValue;
    @Column(name = "best_model_version")
    public Integer bestModelVersion;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "deadline_at")
    public Instant deadlineAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    boolean asha() {
        return ashaGraceEpochs != null;
    }
}
