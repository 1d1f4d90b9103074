package io.trainyard.worker.data;

import io.trainyard.contracts.DatasetSplit;

import java.util.Arrays;
import java.util.Random;

/**
 * Which rows train and which validate. The sizes come from {@link DatasetSplit#of} (the API reports
 * the same numbers); the membership from a permutation seeded with the job's seed, so a retrained or
 * redelivered job sees exactly the same split. Both index arrays are in ascending row order.
 */
public record SplitIndices(int[] train, int[] validation) {

    public static SplitIndices of(int rowCount, double validationSplit, long seed) {
        if (!(validationSplit > 0.0 && validationSplit < 1.0)) {
            throw new DatasetException("validation_split must be between 0 and 1 (exclusive), got " + validationSplit);
        }
        DatasetSplit sizes;
        try {
            sizes = DatasetSplit.of(rowCount, validationSplit);
        } catch (IllegalArgumentException e) {
            throw new DatasetException("the dataset is too small to split: " + e.getMessage());
        }
        int[] permutation = new int[rowCount];
        for (int i = 0; i < rowCount; i++) {
            permutation[i] = i;
        }
        // Fisher-Yates with our own Random, not DJL's global one: the split must not depend on the engine.
        Random random = new Random(seed);
        for (int i = rowCount - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = tmp;
        }
        int validationRows = Math.toIntExact(sizes.validationRows());
        int[] validation = Arrays.copyOfRange(permutation, 0, validationRows);
        int[] train = Arrays.copyOfRange(permutation, validationRows, rowCount);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new SplitIndices(train, validation);
    }
}
