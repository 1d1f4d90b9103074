package io.trainyard.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.UUID;

/**
 * Everything a worker needs to read a dataset from the artifact store and to prove it read the
 * same bytes the user uploaded ({@code sha256}).
 *
 * @param version which version of its name the dataset is (1, 2, ...); absent in commands from before versions
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasetRef(UUID id, String name, String uri, String sha256, long rowCount, String targetColumn,
        TaskType taskType, List<DatasetColumn> columns, @JsonInclude(JsonInclude.Include.NON_NULL) Integer version) {

    /** A reference without a version, as commands written before dataset versions carry it. */
    public DatasetRef(UUID id, String name, String uri, String sha256, long rowCount, String targetColumn,
            TaskType taskType, List<DatasetColumn> columns) {
        this(id, name, uri, sha256, rowCount, targetColumn, taskType, columns, null);
    }
}
