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
 * @param timeColumn the column that orders the rows in time (dates or timestamps, see {@code TimeValues}); absent for
 *                   data without one, whose splits are random, and in commands from before time series
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasetRef(UUID id, String name, String uri, String sha256, long rowCount, String targetColumn,
        TaskType taskType, List<DatasetColumn> columns, @JsonInclude(JsonInclude.Include.NON_NULL) Integer version,
        @JsonInclude(JsonInclude.Include.NON_NULL) String timeColumn) {

    /** A reference without a version, as commands written before dataset versions carry it. */
    public DatasetRef(UUID id, String name, String uri, String sha256, long rowCount, String targetColumn,
            TaskType taskType, List<DatasetColumn> columns) {
        this(id, name, uri, sha256, rowCount, targetColumn, taskType, columns, null, null);
    }

    /** A reference without a time column, as commands written before time series carry it. */
    public DatasetRef(UUID id, String name, String uri, String sha256, long rowCount, String targetColumn,
            TaskType taskType, List<DatasetColumn> columns, Integer version) {
        this(id, name, uri, sha256, rowCount, targetColumn, taskType, columns, version, null);
    }

    /** Whether the rows are ordered in time: then every split is chronological. */
    public boolean timeOrdered() {
        return timeColumn != null;
    }
}
