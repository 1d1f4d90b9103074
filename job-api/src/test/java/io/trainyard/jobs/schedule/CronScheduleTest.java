package io.trainyard.jobs.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CronScheduleTest {

    @Test
    void ticksFollowTheWallClockOfTheTimeZoneAcrossDaylightSavingTime() {
        CronSchedule berlin = CronSchedule.of("0 3 * * *", "Europe/Berlin");
        // 03:00 is 02:00 UTC in winter and 01:00 UTC in summer (clocks went forward on 30 March 2031).
        assertEquals(Instant.parse("2031-03-29T02:00:00Z"), berlin.nextAfter(Instant.parse("2031-03-28T12:00:00Z")));
        assertEquals(Instant.parse("2031-03-30T01:00:00Z"), berlin.nextAfter(Instant.parse("2031-03-29T12:00:00Z")));
    }

    @Test
    void theLatestTickAtOrBeforeAnInstantIncludesATickAtThatVeryInstant() {
        CronSchedule hourly = CronSchedule.of("0 * * * *", "UTC");
        Instant due = Instant.parse("2031-01-01T10:00:00Z");
        assertEquals(due, hourly.latestAtOrBefore(due, due));
        assertEquals(Instant.parse("2031-01-01T13:00:00Z"),
                hourly.latestAtOrBefore(Instant.parse("2031-01-01T13:59:59.900Z"), due));
        assertEquals(due, hourly.latestAtOrBefore(Instant.parse("2031-01-01T10:30:00Z"), due));
        assertEquals(2, hourly.ticksBetween(due, Instant.parse("2031-01-01T13:00:00Z")), "11:00 and 12:00");
        assertEquals(0, hourly.ticksBetween(due, due.plusSeconds(3600)));
    }

    @Test
    void aMissedCountStopsAtItsCap() {
        CronSchedule everyMinute = CronSchedule.of("* * * * *", "UTC");
        Instant from = Instant.parse("2031-01-01T00:00:00Z");
        assertEquals(CronSchedule.MISSED_COUNT_CAP, everyMinute.ticksBetween(from, from.plusSeconds(86_400L * 30)));
    }

    @Test
    void anExpressionThatIsNoneOrAZoneThatIsNoneIsRefusedSayingWhy() {
        for (String cron : new String[] {"", "61 * * * *", "* 24 * * *", "0 3 * * * *", "every day"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.of(cron, "UTC"), cron);
            assertTrue(e.getMessage().startsWith("not a five-field cron expression"), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> CronSchedule.of("0 3 * * *", "Mars/Olympus"));
        assertTrue(e.getMessage().startsWith("unknown time zone"), e.getMessage());
    }
}
