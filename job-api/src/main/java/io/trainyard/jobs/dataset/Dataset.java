package io.trainyard.jobs.dataset;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.TaskType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

@Entity
public class Dataset extends PanacheEntityBase {
    @Id
    public UUID id;
    public String tenant;
    public String name;
    /** 1 for the first dataset of its name in its tenant, then one more for each registered under that name. */
    public int version;
    @Column(name = "target_column")
    public String targetColumn;
    @Enumerated(EnumType.STRING)
    @Column(name = "task_type")
    public TaskType taskType;
    @Column(name = "row_count")
    public long rowCount;
    @Column(name = "size_bytes")
    public long sizeBytes;
    public String sha256;
    public String uri;
    /** The column that orders the rows in time; null for data without one. */
    @Column(name = "time_column")
    public String timeColumn;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "columns")
    public DatasetSchema schema;
    @Column(name = "created_at")
    public Instant createdAt;

    /** The reference carried by a training command. */
    public DatasetRef toRef() {
        return new DatasetRef(id, name, uri, sha256, rowCount, targetColumn, taskType, schema.columns(), version,
                timeColumn);
    }
}
