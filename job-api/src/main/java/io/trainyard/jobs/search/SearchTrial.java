package io.trainyard.jobs.search;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
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

/** One trial of a search: the job it runs and the hyperparameters the strategy proposed for it. */
@Entity
@Table(name = "search_trial")
public class SearchTrial extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "search_id") UUID searchId, int number) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    @Column(name = "job_id")
    public UUID jobId;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> params;
    /** The final metric once the job succeeded; the last rung's value when ASHA stopped it; else null. */
    public Double value;
    /** The epoch at which ASHA stopped it; null when it was not stopped. */
    @Column(name = "stopped_at_epoch")
    public Integer stoppedAtEpoch;
    @Column(name = "created_at")
    public Instant createdAt;
}
