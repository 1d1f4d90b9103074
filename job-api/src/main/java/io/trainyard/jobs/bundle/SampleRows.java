package io.trainyard.jobs.bundle;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.jobs.dataset.Dataset;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.csv.DatasetCsv;
import io.trainyard.support.problem.ApiProblem;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first rows of a stored dataset as a model takes them: feature columns by name, numbers as numbers.
 * Read in the dataset dialect ({@link DatasetCsv}), the one the upload was checked in.
 */
final class SampleRows {
    private SampleRows() {
    }

    static List<Map<String, Object>> read(Dataset dataset, int count, ArtifactStore artifacts) {
        String key = artifacts.keyOf(dataset.uri).orElseThrow(() -> ApiProblem.conflict("the training dataset "
                + dataset.uri + " is not in this artifact store (" + artifacts.location() + ")"));
        List<Map<String, Object>> rows = new ArrayList<>();
        // Only the first rows are read, so the stream stops before its end and its checksum: the dataset's
        // own checksum was checked when it was stored, and the rows only illustrate the bundle.
        try (CSVParser parser = DatasetCsv.open(artifacts.open(key))) {
            for (CSVRecord record : parser) {
                if (rows.size() == count) {
                    break;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (DatasetColumn column : dataset.schema.columns()) {
                    if (!column.name().equals(dataset.targetColumn)) {
                        String value = record.get(column.name());
                        row.put(column.name(), column.type() == ColumnType.NUMERIC ? Double.parseDouble(value) : value);
                    }
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ArtifactStoreException e) {
            throw ApiProblem.conflict("the training dataset cannot be read: " + e.getMessage());
        }
        return rows;
    }
}
