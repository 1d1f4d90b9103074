package io.trainyard.jobs.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How job-api acts on schedules' ticks (trainyard.schedules.*; README, "Schedules"). */
@ConfigMapping(prefix = "trainyard.schedules")
public interface ScheduleConfig {

    /** Off: the periodic pass does nothing (a pass can still be run by hand, as the tests do). */
    @WithDefault("true")
    boolean enabled();

    /** How often each replica looks for due ticks: the most a tick's job is late while job-api runs. */
    @WithDefault("5s")
    Duration interval();

    /**
     * A tick acted on within this long after its time is on time; later, it was missed (job-api was down) and
     * the schedule's missed_ticks policy decides.
     */
    @WithDefault("5m")
    Duration grace();

    /** Ticks acted on per pass and replica, one transaction each; the rest wait for the next pass. */
    @WithDefault("100")
    int maxPerPass();
}
