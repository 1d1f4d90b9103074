package io.trainyard.jobs.dataset;

import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.TaskType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record DatasetResponse(UUID id, String tenant, String name, int version, String targetColumn, TaskType taskType,
        long rowCount, long sizeBytes, String sha256, List<DatasetColumn> columns, Instant createdAt) {

    static DatasetResponse of(Dataset d) {
        return new DatasetResponse(d.id, d.tenant, d.name, d.version, d.targetColumn, d.taskType, d.rowCount, d.sizeBytes,
                d.sha256, d.schema.columns(), d.createdAt);
    }
}
