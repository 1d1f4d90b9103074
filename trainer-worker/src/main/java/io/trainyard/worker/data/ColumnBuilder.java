package io.trainyard.worker.data;

import io.trainyard.contracts.ColumnType;
import io.trainyard.support.csv.CsvNumbers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects one column while the CSV streams past, straight from the bytes of its values: numbers parsed into a
 * double array, categories coded through a dictionary of their bytes (a String per distinct value, not per row).
 * Sized for the rows the dataset declares, so that a correct declaration costs no copy.
 */
final class ColumnBuilder {
    private final String name;
    private final ColumnType type;
    private double[] numbers;
    private int[] codes;
    private final ByteDictionary categories;
    private int size;

    ColumnBuilder(String name, ColumnType type, int expectedRows) {
        this.name = name;
        this.type = type;
        int capacity = Math.max(16, expectedRows);
        if (type == ColumnType.NUMERIC) {
            numbers = new double[capacity];
            categories = null;
        } else {
            codes = new int[capacity];
            categories = new ByteDictionary();
        }
    }

    void add(byte[] bytes, int start, int end, long line) {
        if (type == ColumnType.NUMERIC) {
            if (size == numbers.length) {
                numbers = Arrays.copyOf(numbers, size * 2);
            }
            numbers[size++] = number(bytes, start, end, line);
        } else {
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, size * 2);
            }
            codes[size++] = categories.code(bytes, start, end);
        }
    }

    int size() {
        return size;
    }

    Column build() {
        return type == ColumnType.NUMERIC
                ? new Column.Numeric(name, size == numbers.length ? numbers : Arrays.copyOf(numbers, size))
                : new Column.Categorical(name, categories.values(), size == codes.length ? codes
                        : Arrays.copyOf(codes, size));
    }

    private double number(byte[] bytes, int start, int end, long line) {
        if (start == end) {
            throw new DatasetException("unreadable CSV row at line " + line + ": numeric column '" + name + "' is empty");
        }
        double value;
        try {
            value = CsvNumbers.parseDouble(bytes, start, end);
        } catch (NumberFormatException e) {
            throw new DatasetException("unreadable CSV row at line " + line + ": numeric column '" + name + "' has '"
                    + text(bytes, start, end) + "', which is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new DatasetException("unreadable CSV row at line " + line + ": numeric column '" + name
                    + "' has the non-finite value '" + text(bytes, start, end) + "'");
        }
        return value;
    }

    private static String text(byte[] bytes, int start, int end) {
        return new String(bytes, start, Math.min(end - start, 100), StandardCharsets.UTF_8);
    }
}
