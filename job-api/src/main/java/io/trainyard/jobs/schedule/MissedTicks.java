package io.trainyard.jobs.schedule;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a schedule does with ticks that passed while no job-api replica was running (or all were paused by an
 * outage). A tick acted on within the grace period ({@code trainyard.schedules.grace}) is on time either way.
 */
public enum MissedTicks {
    /** One job for the most recent missed tick, as soon as job-api runs again; the earlier ones are counted. */
    RUN_LATEST,
    /** No job for a late tick: the run is listed as skipped and the schedule waits for its next tick. */
    SKIP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MissedTicks> parse(String wireName) {
        return Arrays.stream(values()).filter(m -> m.wireName().equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(MissedTicks::wireName).toList();
    }
}
