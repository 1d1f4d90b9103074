package io.trainyard.jobs.registry;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One registered version of a model: what was trained, on what, how well, and where the weights are. */
@Entity
@Table(name = "model_version")
public class ModelVersion extends PanacheEntityBase {

    /** (tenant, name, version). */
    @Embeddable
    public record Key(String tenant, String name, int version) implements Serializable {
        public Key(RegisteredModel.Key model, int version) {
            this(model.tenant(), model.name(), version);
        }

        public RegisteredModel.Key model() {
            return new RegisteredModel.Key(tenant, name);
        }
    }

    @EmbeddedId
    public Key key;
    @Column(name = "job_id")
    public UUID jobId;
    /** {@code training} or {@code import}. */
    public String source;
    @Column(name = "model_family")
    public String modelFamily;
    @Column(name = "task_type")
    public String taskType;
    @JdbcTypeCode(SqlTypes.JSON)
    public Hyperparameters hyperparameters;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Double> metrics;
    @JdbcTypeCode(SqlTypes.JSON)
    public Evaluation evaluation;
    @Column(name = "dataset_id")
    public UUID datasetId;
    @Column(name = "dataset_sha256")
    public String datasetSha256;
    @Column(name = "artifact_uri")
    public String artifactUri;
    @Column(name = "artifact_sha256")
    public String artifactSha256;
    @Column(name = "parameter_count")
    public Long parameterCount;
    public String device;
    public String description;
    @Column(name = "created_at")
    public Instant createdAt;
}
