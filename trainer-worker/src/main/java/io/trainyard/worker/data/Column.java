package io.trainyard.worker.data;

import java.util.HashMap;
import java.util.Map;

/**
 * One column of a dataset as the worker holds it while it trains: numbers as doubles (exactly what a prediction
 * request's numbers are, so that a served model sees the very inputs it was trained on), categories as int codes
 * into the column's distinct values.
 */
public sealed interface Column permits Column.Numeric, Column.Categorical {

    String name();

    int size();

    record Numeric(String name, double[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }
    }

    /** {@code codes[row]} indexes {@code categories}, the column's distinct values in the order first seen. */
    record Categorical(String name, String[] categories, int[] codes) implements Column {

        /** The column of these values, coded. */
        public static Categorical of(String name, String... values) {
            Map<String, Integer> index = new HashMap<>();
            int[] codes = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                codes[i] = index.computeIfAbsent(values[i], v -> index.size());
            }
            String[] categories = new String[index.size()];
            index.forEach((value, code) -> categories[code] = value);
            return new Categorical(name, categories, codes);
        }

        public String value(int row) {
            return categories[codes[row]];
        }

        @Override
        public int size() {
            return codes.length;
        }
    }
}
