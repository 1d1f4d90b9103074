package io.trainyard.jobs.dataset;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistinctValuesTest {

    /** Values read in place, short ones as a word: the bytes around a value never count, its length does. */
    @Test
    void countsWhatTheBytesOfEachValueAreNotWhatSurroundsThem() {
        byte[] row = "ab,ab,abc,ab\u0000,x,1.5,1.50,a-long-label,a-long-labe,a-long-label".getBytes(
                StandardCharsets.ISO_8859_1);
        DistinctValues values = new DistinctValues();
        int[][] slices = {{0, 2}, {3, 5}, {6, 9}, {10, 13}, {14, 15}, {16, 19}, {20, 24}, {25, 37}, {38, 49},
            {50, 62}};
        List<Boolean> added = new java.util.ArrayList<>();
        for (int[] slice : slices) {
            added.add(values.add(row, slice[0], slice[1]));
        }
        assertEquals(List.of(true, false, true, true, true, true, true, true, true, false), added);
        assertEquals(8, values.size());
    }

    @Test
    void countsAsASetOfStringsDoesWhateverTheLengthsAndPlaces() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            DistinctValues values = new DistinctValues();
            Set<String> expected = new HashSet<>();
            StringBuilder text = new StringBuilder();
            List<int[]> slices = new java.util.ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(300); i++) {
                int length = 1 + random.nextInt(random.nextBoolean() ? 7 : 30);
                int start = text.length();
                for (int k = 0; k < length; k++) {
                    text.append((char) ('a' + random.nextInt(3)));
                }
                slices.add(new int[] {start, text.length()});
                text.append(',');
            }
            // The last value ends the array: read byte by byte, as no word fits after it.
            text.setLength(text.length() - 1);
            byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
            for (int[] slice : slices) {
                String value = text.substring(slice[0], slice[1]);
                assertEquals(expected.add(value), values.add(bytes, slice[0], slice[1]), value);
            }
            assertEquals(expected.size(), values.size());
        }
    }

    @Test
    void aValueNearTheEndOfItsArrayIsTheSameValueAsElsewhere() {
        byte[] early = "label,xxxxxxxxxx".getBytes(StandardCharsets.US_ASCII);
        byte[] last = "xx,label".getBytes(StandardCharsets.US_ASCII);
        DistinctValues values = new DistinctValues();
        assertTrue(values.add(early, 0, 5));
        assertFalse(values.add(last, 3, 8));
    }
}
