package io.trainyard.jobs.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An experiment as the API shows it.
 *
 * @param runs         how many jobs it holds
 * @param latestRunAt  when the newest of them was created; null without jobs
 */
public record ExperimentResponse(UUID id, String tenant, String owner, String name, String description,
        List<String> tags, long runs, Instant latestRunAt, Instant createdAt, Instant updatedAt) {

    static ExperimentResponse of(Experiment e, ExperimentRepository.Runs runs) {
        return new ExperimentResponse(e.id, e.tenant, e.owner, e.name, e.description, List.of(e.tags), runs.count(),
                runs.latest(), e.createdAt, e.updatedAt);
    }
}
