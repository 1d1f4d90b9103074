package io.trainyard.jobs.dataset;

import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.TaskType;
import io.trainyard.support.csv.DatasetCsv;
import io.trainyard.support.problem.ApiProblem;
import io.trainyard.support.problem.Params;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Reads an uploaded CSV once and decides whether Trainyard can train on it: a header of unique names,
 * the same number of values on every line, no missing values, the target column present and fitting
 * the task. Column types are inferred: a column whose every value is a finite number is numeric,
 * anything else categorical.
 */
public final class CsvInspector {
    static final int MAX_CLASSES = 100;
    static final int MAX_CATEGORIES = 1000;

    /** The configured bounds of a dataset (trainyard.datasets.*). */
    public record Limits(int minRows, int maxRows, int maxColumns) {
    }

    /** What the inspection learned about a valid file. */
    public record Inspection(long rowCount, List<DatasetColumn> columns) {
    }

    private CsvInspector() {
    }

    public static Inspection inspect(Path file, String targetColumn, TaskType taskType, Limits limits) {
        List<String> header;
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = DatasetCsv.open(file)) {
            header = parser.getHeaderNames();
            checkHeader(header, limits);
            for (CSVRecord record : parser) {
                if (rows.size() == limits.maxRows()) {
                    throw tooLarge("has more than " + limits.maxRows() + " data rows");
                }
                if (record.size() != header.size()) {
                    throw fileProblem("line " + (record.getRecordNumber() + 1) + " has " + record.size()
                            + " values, the header has " + header.size());
                }
                List<String> values = record.toList();
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i).indexOf('\u0000') >= 0) {
                        throw fileProblem("has a NUL character on line " + (record.getRecordNumber() + 1)
                                + " (binary data, not CSV text)");
                    }
                    if (values.get(i).isEmpty()) {
                        throw fileProblem("missing value in column '" + header.get(i) + "' on line "
                                + (record.getRecordNumber() + 1) + " (rows with missing values are not supported)");
                    }
                }
                rows.add(values);
            }
        } catch (CharacterCodingException e) {
            throw fileProblem("is not UTF-8 text");
        } catch (UncheckedIOException e) {
            throw fileProblem(e.getCause() instanceof CharacterCodingException ? "is not UTF-8 text"
                    : "is not valid CSV: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw fileProblem("is not valid CSV: " + e.getMessage());
        } catch (IOException e) {
            throw fileProblem("could not be read as CSV: " + e.getMessage());
        }
        if (rows.size() < limits.minRows()) {
            throw fileProblem("has " + rows.size() + " data rows; at least " + limits.minRows() + " are needed");
        }
        int target = header.indexOf(targetColumn);
        if (target < 0) {
            throw ApiProblem.badRequest("target_column", "column '" + targetColumn + "' is not in the CSV header "
                    + header);
        }
        if (header.size() < 2) {
            throw fileProblem("needs at least one feature column besides the target");
        }
        List<DatasetColumn> columns = IntStream.range(0, header.size())
                .mapToObj(i -> new DatasetColumn(header.get(i), inferType(rows, i))).toList();
        for (int i = 0; i < columns.size(); i++) {
            if (i != target && columns.get(i).type() == ColumnType.CATEGORICAL
                    && distinct(rows, i).size() > MAX_CATEGORIES) {
                throw fileProblem("column '" + header.get(i) + "' has more than " + MAX_CATEGORIES
                        + " distinct categories");
            }
        }
        checkTarget(rows, target, columns.get(target), taskType);
        return new Inspection(rows.size(), columns);
    }

    private static void checkHeader(List<String> header, Limits limits) {
        if (header.isEmpty()) {
            throw fileProblem("has no header line");
        }
        if (header.size() > limits.maxColumns()) {
            throw tooLarge("has " + header.size() + " columns; at most " + limits.maxColumns() + " are accepted");
        }
        Set<String> seen = new HashSet<>();
        for (String name : header) {
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

    private static void checkTarget(List<List<String>> rows, int target, DatasetColumn column, TaskType taskType) {
        Set<String> values = distinct(rows, target);
        if (taskType == TaskType.REGRESSION) {
            if (column.type() != ColumnType.NUMERIC) {
                throw ApiProblem.badRequest("target_column", "'" + column.name()
                        + "' holds text values, a regression target must be numeric (use task_type classification)");
            }
            if (values.size() < 2) {
                throw ApiProblem.badRequest("target_column", "'" + column.name() + "' has a single value");
            }
            return;
        }
        if (values.size() < 2 || values.size() > MAX_CLASSES) {
            throw ApiProblem.badRequest("target_column", "'" + column.name() + "' has " + values.size()
                    + " distinct values; classification needs between 2 and " + MAX_CLASSES + " classes");
        }
        if (column.type() == ColumnType.NUMERIC && values.stream().anyMatch(v -> !isWholeNumber(v))) {
            throw ApiProblem.badRequest("target_column", "'" + column.name()
                    + "' holds fractional numbers, which are not class labels (use task_type regression)");
        }
    }

    private static ColumnType inferType(List<List<String>> rows, int column) {
        for (List<String> row : rows) {
            if (!isFiniteNumber(row.get(column))) {
                return ColumnType.CATEGORICAL;
            }
        }
        return ColumnType.NUMERIC;
    }

    private static Set<String> distinct(List<List<String>> rows, int column) {
        Set<String> values = new HashSet<>();
        rows.forEach(r -> values.add(r.get(column)));
        return values;
    }

    private static boolean isFiniteNumber(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isWholeNumber(String value) {
        double d = Double.parseDouble(value);
        return d == Math.rint(d);
    }

    private static ApiProblem tooLarge(String message) {
        return new ApiProblem(413, "Dataset too large", "file: the file " + message,
                List.of(new ApiProblem.FieldError("file", "the file " + message)));
    }

    private static ApiProblem fileProblem(String message) {
        return ApiProblem.badRequest("file", "the file " + message);
    }
}
