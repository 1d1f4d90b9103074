package io.trainyard.jobs.bundle;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.jobs.dataset.Dataset;
import io.trainyard.support.csv.DatasetCsv;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
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

    static List<Map<String, Object>> read(Dataset dataset, int count) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CSVParser parser = DatasetCsv.open(Path.of(URI.create(dataset.uri)))) {
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
        }
        return rows;
    }
}
