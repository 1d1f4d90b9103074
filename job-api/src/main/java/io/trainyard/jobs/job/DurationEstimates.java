package io.trainyard.jobs.job;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** How long a new job will likely train, from the family's recent successes. */
@ApplicationScoped
public class DurationEstimates {
    private static final int HISTORY = 20;

    private final JobRepository jobs;

    public DurationEstimates(JobRepository jobs) {
        this.jobs = jobs;
    }

    /**
     * Seconds per (training row x epoch) of the family's recent successes, the median of up to 20,
     * times this job's rows x epochs. Null without history: a guess would mislead.
     */
    public Uni<Long> estimate(TrainingJob job) {
        return jobs.recentSuccesses(job.modelFamily, HISTORY).map(history -> {
            double[] rates = history.stream().filter(h -> h.trainRows > 0 && h.currentEpoch > 0)
                    .mapToDouble(h -> Duration.between(h.startedAt, h.finishedAt).toMillis() / 1000.0
                            / (h.trainRows * (double) h.currentEpoch))
                    .sorted().toArray();
            if (rates.length == 0) {
                return null;
            }
            double median = rates.length % 2 == 1 ? rates[rates.length / 2]
                    : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
            return Math.max(1L, Math.round(median * job.trainRows * job.totalEpochs));
        });
    }
}
