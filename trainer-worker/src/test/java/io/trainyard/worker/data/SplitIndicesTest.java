package io.trainyard.worker.data;

import io.trainyard.contracts.DatasetSplit;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aTestSplitTakesItsOwnRowsWithTheSharedSizes() {
        SplitIndices split = SplitIndices.of(392, 0.2, 0.15, 7);
        DatasetSplit expected = DatasetSplit.of(392, 0.2, 0.15);
        assertEquals(expected, new DatasetSplit(split.train().length, split.validation().length, split.test().length));
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())),
                Arrays.stream(split.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 392).toArray(), all, "every row exactly once");
        assertArrayEquals(SplitIndices.of(392, 0.2, 7).validation(), split.validation(),
                "a test split leaves the validation rows of the seed as they were");
    }

    @Test
    void aChronologicalSplitNeverPutsALaterRowBeforeAnEarlierOne() {
        // Shuffled days, in every accepted form, some of them repeated.
        List<String> days = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            LocalDate day = LocalDate.of(2024, 1, 1).plusDays(d / 2);
            days.add(switch (d % 4) {
                case 0 -> day.toString();
                case 1 -> day.toString().replace("-", "");
                case 2 -> day + "T00:00:00";
                default -> day + "T01:00:00+01:00";
            });
        }
        Collections.shuffle(days, new Random(3));
        Column.Categorical time = Column.Categorical.of("day", days.toArray(String[]::new));
        SplitIndices split = SplitIndices.chronological(time, 0.2, 0.1);
        assertEquals(new DatasetSplit(140, 40, 20), new DatasetSplit(split.train().length, split.validation().length,
                split.test().length));
        long[] instants = SplitIndices.instants(time);
        long previous = Long.MIN_VALUE;
        for (int[] part : List.of(split.train(), split.validation(), split.test())) {
            for (int row : part) {
                assertTrue(instants[row] >= previous, "row " + row + " comes before an earlier one");
                previous = instants[row];
            }
        }
    }

    @Test
    void aValueThatIsNoTimeNamesTheColumnAndTheRow() {
        Column.Categorical time = Column.Categorical.of("date", "2024-01-01", "2024-01-02", "soon", "2024-01-04");
        DatasetException e = assertThrows(DatasetException.class, () -> SplitIndices.chronological(time, 0.2, 0));
        assertTrue(e.getMessage().startsWith("time column 'date' holds \"soon\" in data row 3"), e.getMessage());
    }

    @Test
    void rejectsUnsplittableInput() {
        assertThrows(DatasetException.class, () -> SplitIndices.of(1, 0.2, 1));
        assertThrows(DatasetException.class, () -> SplitIndices.of(10, 0.0, 1));
        assertThrows(DatasetException.class, () -> SplitIndices.of(10, 1.0, 1));
    }
}
