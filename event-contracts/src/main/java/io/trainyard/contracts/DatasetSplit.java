package io.trainyard.contracts;

/**
 * How many rows go to validation and test: the API reports these numbers when a job is created and the worker
 * splits with the very same rule, so the two can never disagree. Training and validation keep at least one row;
 * the test split is empty unless asked for, and then has at least one row. For time-ordered data the three are
 * consecutive stretches of time in this order: train, validation, test.
 */
public record DatasetSplit(long trainRows, long validationRows, long testRows) {

    /** Train and validation only, as jobs without a test split have them. */
    public DatasetSplit(long trainRows, long validationRows) {
        this(trainRows, validationRows, 0);
    }

    public static DatasetSplit of(long rowCount, double validationSplit) {
        return of(rowCount, validationSplit, 0);
    }

    /** @param testSplit 0 for no test split */
    public static DatasetSplit of(long rowCount, double validationSplit, double testSplit) {
        long minimum = testSplit > 0 ? 3 : 2;
        if (rowCount < minimum) {
            throw new IllegalArgumentException("need at least " + minimum + " rows to split, got " + rowCount);
        }
        long test = testSplit > 0 ? Math.max(1, Math.min(rowCount - 2, Math.round(rowCount * testSplit))) : 0;
        long validation = Math.max(1, Math.min(rowCount - test - 1, Math.round(rowCount * validationSplit)));
        return new DatasetSplit(rowCount - validation - test, validation, test);
    }
}
