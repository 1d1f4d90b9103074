package io.trainyard.jobs.bundle;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.jobs.dataset.Dataset;
import io.trainyard.support.artifacts.ArtifactStore;
import io.trainyard.support.artifacts.ArtifactStoreException;
import io.trainyard.support.csv.CsvNumbers;
import io.trainyard.support.csv.CsvRecords;
import io.trainyard.support.problem.ApiProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first rows of a stored dataset as a model takes them: feature columns by name, numbers as numbers.
 * Read in the dataset dialect ({@link io.trainyard.support.csv.DatasetCsv}), the one the upload was checked in.
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
        try (CsvRecords records = CsvRecords.of(artifacts.open(key))) {
            Map<String, Integer> header = new HashMap<>();
            if (records.next()) {
                for (int i = 0; i < records.size(); i++) {
                    header.putIfAbsent(records.string(i), i);
                }
            }
            while (rows.size() < count && records.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (DatasetColumn column : dataset.schema.columns()) {
                    if (!column.name().equals(dataset.targetColumn)) {
                        int i = header.get(column.name());
                        row.put(column.name(), column.type() == ColumnType.NUMERIC
                                ? CsvNumbers.parseDouble(records.bytes(), records.start(i), records.end(i))
                                : records.string(i));
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
