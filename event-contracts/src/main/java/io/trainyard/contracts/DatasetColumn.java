package io.trainyard.contracts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A column of a registered dataset with its inferred type. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasetColumn(String name, ColumnType type) {
}
