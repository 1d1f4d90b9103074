package io.trainyard.jobs.dataset;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.csv.CsvNumbers;
import io.trainyard.support.csv.CsvRecords;
import io.trainyard.support.csv.TimeValues;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Params;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Reads an uploaded CSV once, as its bytes stream past, and decides whether Trainyard can train on it: a header
 * of unique names, the same number of values on every line, no missing values, the target column present and
 * fitting the task. Column types are inferred: a column whose every value is a finite number is numeric,
 * anything else categorical. It keeps no rows: per column, whether a non-number was seen, its distinct
 * values up to {@link #MAX_CATEGORIES} (as hashes) and its first value that is not a time ({@link TimeValues}; the
 * form may name the time column after the file), so that a file of gigabytes needs kilobytes.
 */
final class CsvInspector {
    static final int MAX_CLASSES = 100;
    static final int MAX_CATEGORIES = 1000;
    /** Bytes are fed to the parser in pieces of at most this: a record's worth of memory, whatever the caller reads. */
    private static final int PIECE = 1 << 16;

    /** The configured bounds of a dataset (trainyard.datasets.*). */
    record Limits(int minRows, long maxRows, int maxColumns) {
    }

    /** What the inspection learned about a valid file. */
    record Inspection(long rowCount, List<DatasetColumn> columns) {
    }

    private final Limits limits;
    private final CsvRecords records = CsvRecords.fed();
    private List<String> header;
    private long rows;
    private boolean[] text;
    /** Distinct values per column; null once a column has more than {@link #MAX_CATEGORIES}. */
    private DistinctValues[] distinct;
    /** Whether a distinct value of the column is a number with a fraction (not a class label). */
    private boolean[] fractional;
    /** Per column the first value that is not a time and its line; null while every value was one. */
    private String[] notTime;
    private long[] notTimeLine;

    CsvInspector(Limits limits) {
        this.limits = limits;
    }

    /** The next bytes of the file. */
    void accept(byte[] bytes, int offset, int length) {
        try {
            for (int at = offset; at < offset + length; at += PIECE) {
                records.feed(bytes, at, Math.min(PIECE, offset + length - at));
                while (records.next()) {
                    record();
                }
            }
        } catch (IOException e) {
            throw fileProblem(e.getMessage());
        }
    }

    /** The end of the file. */
    void end() {
        try {
            records.end();
            while (records.next()) {
                record();
            }
        } catch (IOException e) {
            throw fileProblem(e.getMessage());
        }
    }

    /** The checks that need the whole file and the form: rows, target, categories. */
    Inspection inspect(String targetColumn, TaskType taskType, String timeColumn) {
        if (header == null) {
            throw fileProblem("has no header line");
        }
        if (rows < limits.minRows()) {
            throw fileProblem("has " + rows + " data rows; at least " + limits.minRows() + " are needed");
        }
        int target = header.indexOf(targetColumn);
        if (target < 0) {
            throw ApiProblem.badRequest("target_column", "column '" + targetColumn + "' is not in the CSV header "
                    + header);
        }
        if (header.size() < 2) {
            throw fileProblem("needs at least one feature column besides the target");
        }
        int time = timeColumn == null ? -1 : checkTime(timeColumn);
        List<DatasetColumn> columns = IntStream.range(0, header.size()).mapToObj(i -> new DatasetColumn(header.get(i),
                text[i] ? ColumnType.CATEGORICAL : ColumnType.NUMERIC)).toList();
        for (int i = 0; i < columns.size(); i++) {
            if (i != target && i != time && text[i] && distinct[i] == null) {
                throw fileProblem("column '" + header.get(i) + "' has more than " + MAX_CATEGORIES
                        + " distinct categories");
            }
        }
        checkTarget(target, columns.get(target), taskType);
        return new Inspection(rows, columns);
    }

    /** The index of the time column, every value of which must be a time. */
    private int checkTime(String timeColumn) {
        int time = header.indexOf(timeColumn);
        if (time < 0) {
            throw ApiProblem.badRequest("time_column", "column '" + timeColumn + "' is not in the CSV header " + header);
        }
        if (notTime[time] != null) {
            String message = "column '" + timeColumn + "' holds \"" + notTime[time] + "\" on line " + notTimeLine[time]
                    + ", which is not " + TimeValues.expected();
            throw new ApiProblem(422, "Invalid time column", "time_column: " + message,
                    List.of(new ApiProblem.FieldError("time_column", message)));
        }
        return time;
    }

    private void record() {
        if (header == null) {
            List<String> names = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                names.add(records.string(i));
            }
            checkHeader(names);
            header = List.copyOf(names);
            text = new boolean[names.size()];
            fractional = new boolean[names.size()];
            distinct = new DistinctValues[names.size()];
            notTime = new String[names.size()];
            notTimeLine = new long[names.size()];
            for (int i = 0; i < distinct.length; i++) {
                distinct[i] = new DistinctValues();
            }
            return;
        }
        if (rows == limits.maxRows()) {
            throw tooLarge("has more than " + limits.maxRows() + " data rows");
        }
        rows++;
        if (records.size() != header.size()) {
            throw fileProblem("line " + records.line() + " has " + records.size() + " values, the header has "
                    + header.size());
        }
        byte[] bytes = records.bytes();
        for (int i = 0; i < header.size(); i++) {
            int start = records.start(i);
            int end = records.end(i);
            if (start == end) {
                throw fileProblem("missing value in column '" + header.get(i) + "' on line " + records.line()
                        + " (rows with missing values are not supported)");
            }
            boolean number = !text[i] && CsvNumbers.isFiniteNumber(bytes, start, end);
            text[i] |= !number;
            if (notTime[i] == null && !isTime(bytes, start, end)) {
                notTime[i] = new String(bytes, start, Math.min(end - start, 100), StandardCharsets.UTF_8)
                        .replaceAll("\\p{Cntrl}", "?");
                notTimeLine[i] = records.line();
            }
            DistinctValues values = distinct[i];
            if (values != null && values.add(bytes, start, end)) {
                if (values.size() > MAX_CATEGORIES) {
                    distinct[i] = null;
                } else if (number || CsvNumbers.isFiniteNumber(bytes, start, end)) {
                    double d = CsvNumbers.parseDouble(bytes, start, end);
                    fractional[i] |= d != Math.rint(d);
                }
            }
        }
    }

    /** Cheap on the bytes first: most values of most columns are no time, and are told so without a String. */
    private static boolean isTime(byte[] bytes, int start, int end) {
        int length = end - start;
        boolean compact = length == 8;
        boolean iso = length >= 10 && length <= 40 && bytes[start + 4] == '-';
        return (compact || iso) && TimeValues.parse(new String(bytes, start, length, StandardCharsets.US_ASCII))
                .isPresent();
    }

    private void checkHeader(List<String> names) {
        if (names.size() > limits.maxColumns()) {
            throw tooLarge("has " + names.size() + " columns; at most " + limits.maxColumns() + " are accepted");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isBlank()) {
                throw fileProblem("has an empty column name in its header");
            }
            if (Params.hasControlCharacters(name, false)) {
                throw fileProblem("has a control character in a column name of its header");
            }
            if (!seen.add(name)) {
                throw fileProblem("has the column name '" + name + "' twice in its header");
            }
        }
    }

    private void checkTarget(int target, DatasetColumn column, TaskType taskType) {
        DistinctValues values = distinct[target];
        String count = values == null ? "more than " + MAX_CATEGORIES : Integer.toString(values.size());
        if (taskType == TaskType.REGRESSION) {
            if (column.type() != ColumnType.NUMERIC) {
                throw ApiProblem.badRequest("target_column", "'" + column.name()
                        + "' holds text values, a regression target must be numeric (use task_type classification)");
            }
            if (values != null && values.size() < 2) {
                throw ApiProblem.badRequest("target_column", "'" + column.name() + "' has a single value");
            }
            return;
        }
        if (values == null || values.size() < 2 || values.size() > MAX_CLASSES) {
            throw ApiProblem.badRequest("target_column", "'" + column.name() + "' has " + count
                    + " distinct values; classification needs between 2 and " + MAX_CLASSES + " classes");
        }
        if (column.type() == ColumnType.NUMERIC && fractional[target]) {
            throw ApiProblem.badRequest("target_column", "'" + column.name()
                    + "' holds fractional numbers, which are not class labels (use task_type regression)");
        }
    }

    static ApiProblem tooLarge(String message) {
        return new ApiProblem(413, "Dataset too large", "file: the file " + message,
                List.of(new ApiProblem.FieldError("file", "the file " + message)));
    }

    private static ApiProblem fileProblem(String message) {
        return ApiProblem.badRequest("file", "the file " + message);
    }
}
