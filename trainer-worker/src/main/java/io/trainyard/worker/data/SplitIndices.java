package io.trainyard.worker.data;

import io.trainyard.contracts.DatasetSplit;
import io.trainyard.support.csv.TimeValues;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which rows train, which validate and which test. The sizes come from {@link DatasetSplit#of} (the API reports
 * the same numbers). Without a time column the membership comes from a permutation seeded with the job's seed, so
 * a retrained or redelivered job sees exactly the same split, and each index array is in ascending row order.
 * With one the split is chronological: the rows in time order (ties in file order), the earliest for training,
 * the next for validation, the latest for test; each array is then in time order, and no row of a split is later
 * than a row of the split after it.
 */
public record SplitIndices(int[] train, int[] validation, int[] test) {

    public SplitIndices(int[] train, int[] validation) {
        this(train, validation, new int[0]);
    }

    public static SplitIndices of(int rowCount, double validationSplit, long seed) {
        return of(rowCount, validationSplit, 0, seed);
    }

    public static SplitIndices of(int rowCount, double validationSplit, double testSplit, long seed) {
        DatasetSplit sizes = sizes(rowCount, validationSplit, testSplit);
        int[] permutation = IntStream.range(0, rowCount).toArray();
        // Fisher-Yates with our own Random, not DJL's global one: the split must not depend on the engine.
        Random random = new Random(seed);
        for (int i = rowCount - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = tmp;
        }
        int validationRows = Math.toIntExact(sizes.validationRows());
        int testRows = Math.toIntExact(sizes.testRows());
        int[] validation = Arrays.copyOfRange(permutation, 0, validationRows);
        int[] test = Arrays.copyOfRange(permutation, validationRows, validationRows + testRows);
        int[] train = Arrays.copyOfRange(permutation, validationRows + testRows, rowCount);
        Arrays.sort(validation);
        Arrays.sort(test);
        Arrays.sort(train);
        return new SplitIndices(train, validation, test);
    }

    /** The chronological split of rows whose times are {@code time}'s values (each parsed by {@link TimeValues}). */
    public static SplitIndices chronological(Column.Categorical time, double validationSplit, double testSplit) {
        int rows = time.size();
        DatasetSplit sizes = sizes(rows, validationSplit, testSplit);
        long[] instants = instants(time);
        int[] order = IntStream.range(0, rows).boxed().sorted(Comparator.comparingLong(row -> instants[row]))
                .mapToInt(Integer::intValue).toArray();
        int trainRows = Math.toIntExact(sizes.trainRows());
        int validationEnd = trainRows + Math.toIntExact(sizes.validationRows());
        return new SplitIndices(Arrays.copyOfRange(order, 0, trainRows),
                Arrays.copyOfRange(order, trainRows, validationEnd), Arrays.copyOfRange(order, validationEnd, rows));
    }

    /** Epoch milliseconds of each row's time; a value that is not a time names its data row (1-based). */
    static long[] instants(Column.Categorical time) {
        long[] byCategory = new long[time.categories().length];
        for (int code = 0; code < byCategory.length; code++) {
            String value = time.categories()[code];
            int c = code;
            byCategory[code] = TimeValues.parse(value).orElseThrow(() -> new DatasetException("time column '"
                    + time.name() + "' holds \"" + value + "\" in data row " + (firstRow(time, c) + 1) + ", which is not "
                    + TimeValues.expected()));
        }
        long[] instants = new long[time.size()];
        for (int row = 0; row < instants.length; row++) {
            instants[row] = byCategory[time.codes()[row]];
        }
        return instants;
    }

    private static int firstRow(Column.Categorical time, int code) {
        return IntStream.range(0, time.size()).filter(row -> time.codes()[row] == code).findFirst().orElse(0);
    }

    private static DatasetSplit sizes(int rowCount, double validationSplit, double testSplit) {
        if (!(validationSplit > 0.0 && validationSplit < 1.0)) {
            throw new DatasetException("validation_split must be between 0 and 1 (exclusive), got " + validationSplit);
        }
        if (!(testSplit >= 0.0 && testSplit + validationSplit < 1.0)) {
            throw new DatasetException("test_split must be at least 0 and leave rows for training beside"
                    + " validation_split " + validationSplit + ", got " + testSplit);
        }
        try {
            return DatasetSplit.of(rowCount, validationSplit, testSplit);
        } catch (IllegalArgumentException e) {
            throw new DatasetException("the dataset is too small to split: " + e.getMessage());
        }
    }
}
