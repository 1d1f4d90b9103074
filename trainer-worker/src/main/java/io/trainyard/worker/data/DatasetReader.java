package io.trainyard.worker.data;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.csv.DatasetCsv;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset CSV (header row, comma separated) into typed columns as the contract describes
 * them. Columns in the file but not in the contract are ignored; every problem names the line, so a
 * user can find the bad row in their own file.
 */
public final class DatasetReader {
    private DatasetReader() {
    }

    public static Table read(Path file, List<DatasetColumn> columns, String targetColumn, TaskType taskType) {
        if (columns == null || columns.isEmpty()) {
            throw new DatasetException("the dataset declares no columns");
        }
        DatasetColumn target = columns.stream().filter(c -> c.name().equals(targetColumn)).findFirst()
                .orElseThrow(() -> new DatasetException("target column '" + targetColumn
                        + "' is not among the dataset's columns " + columns.stream().map(DatasetColumn::name).toList()));
        if (taskType == TaskType.REGRESSION && target.type() != ColumnType.NUMERIC) {
            throw new DatasetException("regression needs a numeric target, but '" + targetColumn + "' is "
                    + target.type().wireName());
        }
        List<DatasetColumn> features = columns.stream().filter(c -> !c.name().equals(targetColumn)).toList();
        if (features.isEmpty()) {
            throw new DatasetException("the dataset has no feature columns besides the target '" + targetColumn + "'");
        }
        // A classification target is a label whatever its type: 0/1 read as numbers would still be classes.
        ColumnType targetType = taskType == TaskType.CLASSIFICATION ? ColumnType.CATEGORICAL : ColumnType.NUMERIC;

        try (CSVParser parser = DatasetCsv.open(file)) {
            Map<String, Integer> header = parser.getHeaderMap();
            int[] featureIndex = new int[features.size()];
            for (int i = 0; i < features.size(); i++) {
                featureIndex[i] = indexOf(header, features.get(i).name());
            }
            int targetIndex = indexOf(header, targetColumn);

            List<Builder> builders = new ArrayList<>();
            for (DatasetColumn f : features) {
                builders.add(new Builder(f.name(), f.type()));
            }
            Builder targetBuilder = new Builder(targetColumn, targetType);

            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                // The line where the next record starts (the header is line 1).
                long line = parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new DatasetException("unreadable CSV at line " + line + ": " + rootMessage(e), e);
                }
                if (record.size() != header.size()) {
                    throw new DatasetException("unreadable CSV row at line " + line + ": expected " + header.size()
                            + " fields, found " + record.size());
                }
                for (int i = 0; i < builders.size(); i++) {
                    builders.get(i).add(record.get(featureIndex[i]), line);
                }
                targetBuilder.add(record.get(targetIndex), line);
            }
            if (targetBuilder.size() == 0) {
                throw new DatasetException("the dataset has a header but no data rows");
            }
            return new Table(builders.stream().map(Builder::build).toList(), targetBuilder.build());
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("could not read the dataset file " + file + ": " + rootMessage(e), e);
        }
    }

    private static int indexOf(Map<String, Integer> header, String column) {
        Integer index = header.get(column);
        if (index == null) {
            throw new DatasetException("column '" + column + "' is missing from the CSV header " + header.keySet());
        }
        return index;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Collects one column while reading; numbers are parsed and checked here, with the line at hand. */
    private static final class Builder {
        private final String name;
        private final ColumnType type;
        private double[] numbers = new double[256];
        private final List<String> strings = new ArrayList<>();
        private int size;

        Builder(String name, ColumnType type) {
            this.name = name;
            this.type = type;
        }

        void add(String raw, long line) {
            if (type == ColumnType.NUMERIC) {
                if (raw.isEmpty()) {
                    throw new DatasetException("unreadable CSV row at line " + line + ": numeric column '" + name
                            + "' is empty");
                }
                double value;
                try {
                    value = Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw new DatasetException("unreadable CSV row at line " + line + ": numeric column '" + name
                            + "' has '" + raw + "', which is not a number");
                }
                if (!Double.isFinite(value)) {
                    throw new DatasetException("unreadable CSV row at line " + line + ": numeric column '" + name
                            + "' has the non-finite value '" + raw + "'");
                }
                if (size == numbers.length) {
                    numbers = java.util.Arrays.copyOf(numbers, size * 2);
                }
                numbers[size] = value;
            } else {
                strings.add(raw);
            }
            size++;
        }

        int size() {
            return size;
        }

        Column build() {
            return type == ColumnType.NUMERIC
                    ? new Column.Numeric(name, java.util.Arrays.copyOf(numbers, size))
                    : new Column.Categorical(name, strings.toArray(String[]::new));
        }
    }
}
