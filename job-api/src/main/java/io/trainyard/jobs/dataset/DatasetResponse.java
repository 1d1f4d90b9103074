package io.trainyard.jobs.dataset;

import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.TaskType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered dataset version; {@code timeColumn} is null for data that is not ordered in time. */
public record DatasetResponse(UUID id, String tenant, String name, int version, String targetColumn, TaskType taskType,
        String timeColumn, long rowCount, long sizeBytes, String sha256, List<DatasetColumn> columns, Instant createdAt) {

    static DatasetResponse of(Dataset d) {
        return new DatasetResponse(d.id, d.tenant, d.name, d.version, d.targetColumn, d.taskType, d.timeColumn,
                d.rowCount, d.sizeBytes, d.sha256, d.schema.columns(), d.createdAt);
    }
}
