package io.trainyard.worker.data;

import io.trainyard.contracts.DatasetSplit;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SplitIndicesTest {

    @Test
    void sameSeedGivesSameSplit() {
        SplitIndices a = SplitIndices.of(150, 0.2, 42);
        SplitIndices b = SplitIndices.of(150, 0.2, 42);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.validation(), b.validation());
    }

    @Test
    void otherSeedGivesOtherSplit() {
        assertFalse(Arrays.equals(SplitIndices.of(150, 0.2, 42).validation(),
                SplitIndices.of(150, 0.2, 43).validation()));
    }

    @Test
    void sizesFollowTheSharedRuleAndRowsArePartitioned() {
        for (int rows : new int[] {2, 3, 10, 150, 392}) {
            for (double fraction : new double[] {0.01, 0.2, 0.5, 0.99}) {
                SplitIndices split = SplitIndices.of(rows, fraction, 7);
                DatasetSplit expected = DatasetSplit.of(rows, fraction);
                assertEquals(expected.trainRows(), split.train().length);
                assertEquals(expected.validationRows(), split.validation().length);
                int[] all = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation()))
                        .sorted().toArray();
                assertArrayEquals(IntStream.range(0, rows).toArray(), all, "every row exactly once");
            }
        }
    }

    @Test
    void rejectsUnsplittableInput() {
        assertThrows(DatasetException.class, () -> SplitIndices.of(1, 0.2, 1));
        assertThrows(DatasetException.class, () -> SplitIndices.of(10, 0.0, 1));
        assertThrows(DatasetException.class, () -> SplitIndices.of(10, 1.0, 1));
    }
}
