package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.UUID;

/**
 * Everything a worker needs to read a dataset from the artifact store and to prove it read the
 * same bytes the user uploaded ({@code sha256}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasetRef(UUID id, String name, String uri, String sha256, long rowCount, String targetColumn,
        TaskType taskType, List<DatasetColumn> columns) {
}
