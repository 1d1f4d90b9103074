package io.trainyard.contracts;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DatasetSplitTest {
    @Test
    void roundsToTheNearestRowAndKeepsBothSidesNonEmpty() {
        assertEquals(new DatasetSplit(120, 30), DatasetSplit.of(150, 0.2));
        assertEquals(new DatasetSplit(266, 67), DatasetSplit.of(333, 0.2));
        assertEquals(new DatasetSplit(9, 1), DatasetSplit.of(10, 0.01));
        assertEquals(new DatasetSplit(1, 9), DatasetSplit.of(10, 0.99));
    }

    @Test
    void aTestSplitTakesItsShareAndLeavesTrainAndValidationARowEach() {
        assertEquals(new DatasetSplit(1593, 342, 342), DatasetSplit.of(2277, 0.15, 0.15));
        assertEquals(new DatasetSplit(120, 30, 0), DatasetSplit.of(150, 0.2, 0));
        assertEquals(new DatasetSplit(8, 1, 1), DatasetSplit.of(10, 0.01, 0.01));
        assertEquals(new DatasetSplit(1, 1, 1), DatasetSplit.of(3, 0.5, 0.9));
    }
}
