package io.trainyard.contracts;

/**
 * How many rows go to validation: the API reports these numbers when a job is created and the worker
 * splits with the very same rule, so the two can never disagree. Both sides keep at least one row.
 */
public record DatasetSplit(long trainRows, long validationRows) {

    public static DatasetSplit of(long rowCount, double validationSplit) {
        if (rowCount < 2) {
            throw new IllegalArgumentException("need at least 2 rows to split, got " + rowCount);
        }
        long validation = Math.max(1, Math.min(rowCount - 1, Math.round(rowCount * validationSplit)));
        return new DatasetSplit(rowCount - validation, validation);
    }
}
