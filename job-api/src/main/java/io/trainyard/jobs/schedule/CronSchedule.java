package io.trainyard.jobs.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A five-field Unix cron expression (minute hour day-of-month month day-of-week, as crontab and Kubernetes
 * CronJobs read it) in a time zone, so that "0 3 * * *" in Europe/Berlin is 03:00 there in summer and winter.
 * Parsed by cron-utils, the library quarkus-scheduler itself uses.
 */
final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** How many missed ticks a catch-up counts before it stops counting ("at least"). */
    static final int MISSED_COUNT_CAP = 10_000;

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming what is wrong with the expression or the zone */
    static CronSchedule of(String cron, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone \"" + timeZone + "\"; use an IANA name such as "
                    + "Europe/Berlin or UTC");
        }
        try {
            return new CronSchedule(ExecutionTime.forCron(PARSER.parse(cron).validate()), zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a five-field cron expression (minute hour day-of-month month "
                    + "day-of-week): " + e.getMessage());
        }
    }

    /** The first tick strictly after {@code instant}. */
    Instant nextAfter(Instant instant) {
        return times.nextExecution(ZonedDateTime.ofInstant(instant, zone)).map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("the expression never fires again"));
    }

    /** The last tick at or before {@code instant}, or {@code floor} when that is later (the tick that was due). */
    Instant latestAtOrBefore(Instant instant, Instant floor) {
        // Ticks fall on whole minutes; the library answers the last one strictly before the probe.
        ZonedDateTime probe = ZonedDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1), zone);
        Instant last = times.lastExecution(probe).map(ZonedDateTime::toInstant).orElse(floor);
        return last.isAfter(floor) ? last : floor;
    }

    /** How many ticks lie strictly between {@code from} and {@code to}, counting up to {@link #MISSED_COUNT_CAP}. */
    int ticksBetween(Instant from, Instant to) {
        int count = 0;
        for (Instant next = nextAfter(from); next.isBefore(to) && count < MISSED_COUNT_CAP; next = nextAfter(next)) {
            count++;
        }
        return count;
    }
}
