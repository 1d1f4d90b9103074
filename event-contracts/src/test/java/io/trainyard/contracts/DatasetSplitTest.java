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
}
