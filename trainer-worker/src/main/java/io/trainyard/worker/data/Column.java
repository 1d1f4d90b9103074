package io.trainyard.worker.data;

/** One parsed CSV column: numbers for numeric columns, trimmed strings for categorical ones. */
public sealed interface Column permits Column.Numeric, Column.Categorical {

    String name();

    int size();

    record Numeric(String name, double[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }
    }

    record Categorical(String name, String[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }
    }
}
