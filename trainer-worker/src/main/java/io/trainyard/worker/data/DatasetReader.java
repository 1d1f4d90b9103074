package io.trainyard.worker.data;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.csv.CsvFormatException;
import io.trainyard.support.csv.CsvRecords;
import io.trainyard.support.files.Checksums;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset CSV (header row, comma separated) once into typed columns as the contract describes them,
 * hashing it on the way: the file is read from disk one time, whatever its size, into four bytes per value.
 * Columns in the file but not in the contract are ignored; every problem names the line, so a user can find the
 * bad row in their own file.
 */
public final class DatasetReader {
    private DatasetReader() {
    }

    /** The file, unverified. */
    public static Table read(Path file, List<DatasetColumn> columns, String targetColumn, TaskType taskType) {
        return read(file, null, 0, columns, targetColumn, taskType, null);
    }

    /**
     * The file, which must have the SHA-256 {@code sha256} (null: not checked). A file that is not the one
     * registered is a checksum mismatch even where it also cannot be parsed: that says what went wrong.
     *
     * @param expectedRows the data rows the dataset declares (0: unknown), to size the columns
     * @param timeColumn   the column that orders the rows in time, read as written and kept out of the features;
     *                     null for none
     */
    public static Table read(Path file, String sha256, long expectedRows, List<DatasetColumn> columns,
            String targetColumn, TaskType taskType, String timeColumn) {
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
        if (timeColumn != null && columns.stream().noneMatch(c -> c.name().equals(timeColumn))) {
            throw new DatasetException("time column '" + timeColumn + "' is not among the dataset's columns "
                    + columns.stream().map(DatasetColumn::name).toList());
        }
        List<DatasetColumn> features = columns.stream()
                .filter(c -> !c.name().equals(targetColumn) && !c.name().equals(timeColumn)).toList();
        // A series of the target alone is all a forecaster needs; anything else needs features.
        if (features.isEmpty() && timeColumn == null) {
            throw new DatasetException("the dataset has no feature columns besides the target '" + targetColumn + "'");
        }
        // A classification target is a label whatever its type: 0/1 read as numbers would still be classes.
        ColumnType targetType = taskType == TaskType.CLASSIFICATION ? ColumnType.CATEGORICAL : ColumnType.NUMERIC;
        int rows = (int) Math.min(expectedRows, Integer.MAX_VALUE - 8);

        MessageDigest digest = Checksums.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
                CsvRecords records = CsvRecords.of(in)) {
            Table table;
            try {
                DatasetColumn time = timeColumn == null ? null : new DatasetColumn(timeColumn, ColumnType.CATEGORICAL);
                table = read(records, features, new DatasetColumn(targetColumn, targetType), time, rows);
            } catch (DatasetException | IOException e) {
                verify(in, digest, sha256, file);
                throw e;
            }
            verify(in, digest, sha256, file);
            return table;
        } catch (CsvFormatException e) {
            throw new DatasetException("unreadable CSV: the dataset file " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException("could not read the dataset file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Table read(CsvRecords records, List<DatasetColumn> features, DatasetColumn target,
            DatasetColumn time, int rows) throws IOException {
        if (!records.next()) {
            throw new DatasetException("the dataset file is empty: it has no header");
        }
        Map<String, Integer> header = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            header.putIfAbsent(records.string(i), i);
        }
        int width = records.size();
        int[] featureIndex = new int[features.size()];
        List<ColumnBuilder> builders = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            featureIndex[i] = indexOf(header, features.get(i).name());
            builders.add(new ColumnBuilder(features.get(i).name(), features.get(i).type(), rows));
        }
        int targetIndex = indexOf(header, target.name());
        ColumnBuilder targetBuilder = new ColumnBuilder(target.name(), target.type(), rows);
        int timeIndex = time == null ? -1 : indexOf(header, time.name());
        ColumnBuilder timeBuilder = time == null ? null : new ColumnBuilder(time.name(), time.type(), rows);
        while (records.next()) {
            if (records.size() != width) {
                throw new DatasetException("unreadable CSV row at line " + records.line() + ": expected " + width
                        + " fields, found " + records.size());
            }
            if (targetBuilder.size() == Integer.MAX_VALUE - 8) {
                throw new DatasetException("the dataset has more rows than a worker can hold (" + targetBuilder.size()
                        + ")");
            }
            byte[] bytes = records.bytes();
            for (int i = 0; i < featureIndex.length; i++) {
                int f = featureIndex[i];
                builders.get(i).add(bytes, records.start(f), records.end(f), records.line());
            }
            targetBuilder.add(bytes, records.start(targetIndex), records.end(targetIndex), records.line());
            if (timeBuilder != null) {
                timeBuilder.add(bytes, records.start(timeIndex), records.end(timeIndex), records.line());
            }
        }
        if (targetBuilder.size() == 0) {
            throw new DatasetException("the dataset has a header but no data rows");
        }
        return new Table(builders.stream().map(ColumnBuilder::build).toList(), targetBuilder.build(),
                timeBuilder == null ? null : (Column.Categorical) timeBuilder.build());
    }

    /** Reads what is left through the digest, then compares it with the registered checksum. */
    private static void verify(InputStream in, MessageDigest digest, String sha256, Path file) throws IOException {
        if (sha256 == null) {
            return;
        }
        in.transferTo(OutputStream.nullOutputStream());
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(sha256.trim())) {
            throw new DatasetException("dataset checksum mismatch: expected sha256 " + sha256.trim() + " but "
                    + file.getFileName() + " has sha256 " + actual + "; the file is not the one that was registered");
        }
    }

    private static int indexOf(Map<String, Integer> header, String column) {
        Integer index = header.get(column);
        if (index == null) {
            throw new DatasetException("column '" + column + "' is missing from the CSV header " + header.keySet());
        }
        return index;
    }
}
