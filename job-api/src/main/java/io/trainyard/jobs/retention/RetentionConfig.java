package io.trainyard.jobs.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long job-api keeps what it stores ({@code trainyard.retention.*}, README "Configuration",
 * docs/retention.md). Metrics live in metrics-service and are kept; registered model versions, the jobs they
 * came from and datasets are kept. Live events age out by {@code trainyard.live.retention}.
 */
@ConfigMapping(prefix = "trainyard.retention")
public interface RetentionConfig {

    /** Off: the scheduled pass does nothing (a pass can still be run by hand, as the tests do). */
    @WithDefault("true")
    boolean enabled();

    /** How often a pass runs; one replica at a time does the work. */
    @WithDefault("1h")
    Duration interval();

    /** Rows (jobs, log lines, ...) removed per transaction: short locks, bounded memory. */
    @WithDefault("100")
    int batchSize();

    /** Succeeded and cancelled jobs, counted from when they finished. */
    @WithDefault("90d")
    Duration finishedJobs();

    /** Failed jobs, counted from when they failed. */
    @WithDefault("30d")
    Duration failedJobs();

    /** A job's log lines, counted from when the worker logged them. */
    @WithDefault("7d")
    Duration logs();

    /**
     * Ids of consumed events kept for deduplication. Longer than the retention of every topic job-api reads
     * (7 days at most, docs/events.md): a record can only be redelivered while its topic still holds it.
     */
    @WithDefault("30d")
    Duration processedEvents();
}
