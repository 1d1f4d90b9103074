package io.trainyard.jobs.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A schedule as the API shows it.
 *
 * @param job        the job template each tick creates a job from (a job creation body without dataset_id)
 * @param promote    {@code {alias, metric}}; null when runs are never promoted
 * @param nextTickAt the next tick it will act on; null while paused
 */
public record ScheduleResponse(UUID id, String tenant, String owner, String name, String cron, String timeZone,
        String dataset, Map<String, Object> job, String missedTicks, Promotion promote, boolean paused,
        Instant nextTickAt, Instant createdAt, Instant updatedAt) {

    /** Moves {@code alias} to a run's model version when it is better in {@code metric} than the alias holder. */
    public record Promotion(String alias, String metric) {
    }

    static ScheduleResponse of(Schedule s) {
        return new ScheduleResponse(s.id, s.tenant, s.owner, s.name, s.cron, s.timeZone, s.datasetName, s.jobTemplate,
                s.missedTicks.wireName(), s.promoteAlias == null ? null : new Promotion(s.promoteAlias,
                s.promoteMetric), s.paused, s.paused ? null : s.nextTickAt, s.createdAt, s.updatedAt);
    }
}
