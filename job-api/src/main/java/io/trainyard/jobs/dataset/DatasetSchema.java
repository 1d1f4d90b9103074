package io.trainyard.jobs.dataset;

import io.trainyard.contracts.DatasetColumn;

import java.util.List;

/**
 * The columns of a dataset as stored in its jsonb column. Wrapped in an object because Hibernate
 * Reactive on Vert.x only decodes JSON objects, not top-level arrays.
 */
public record DatasetSchema(List<DatasetColumn> columns) {
}
