package io.trainyard.jobs.search;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How job-api moves searches on (trainyard.searches.*; README, "Hyperparameter search"). */
@ConfigMapping(prefix = "trainyard.searches")
public interface SearchConfig {

    /** Off: the periodic pass does nothing (a pass can still be run by hand, as the tests do). */
    @WithDefault("true")
    boolean enabled();

    /** How often each replica steps the running searches: how soon a finished trial's slot gets the next one. */
    @WithDefault("2s")
    Duration interval();
}
