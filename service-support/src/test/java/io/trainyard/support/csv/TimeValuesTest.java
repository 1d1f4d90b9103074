package io.trainyard.support.csv;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeValuesTest {
    private static final long DAY = Instant.parse("2001-12-29T00:00:00Z").toEpochMilli();

    @Test
    void everyAcceptedFormNamesItsInstant() {
        assertEquals(OptionalLong.of(DAY), TimeValues.parse("2001-12-29"));
        assertEquals(OptionalLong.of(DAY), TimeValues.parse("20011229"));
        assertEquals(OptionalLong.of(DAY), TimeValues.parse("2001-12-29T00:00:00"));
        assertEquals(OptionalLong.of(DAY), TimeValues.parse("2001-12-29T00:00Z"));
        assertEquals(OptionalLong.of(DAY), TimeValues.parse(" 2001-12-29T01:00:00+01:00 "));
        assertEquals(OptionalLong.of(DAY + 1500), TimeValues.parse("2001-12-28T19:00:01.5-05:00"));
    }

    @Test
    void anythingElseIsNoTime() {
        for (String bad : new String[] {"", "20011329", "2001-02-30", "2001-12-29 10:00", "1.5", "yesterday",
                "12/29/2001", "200112290", "2001-12-29T25:00", "2001-12-29Tx", null}) {
            assertTrue(TimeValues.parse(bad).isEmpty(), String.valueOf(bad));
        }
    }
}
