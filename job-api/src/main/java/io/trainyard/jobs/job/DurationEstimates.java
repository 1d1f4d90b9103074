package io.trainyard.jobs.job;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long a new job will likely train, from the family's recent successes. The family's rate is read from the
 * database at most once a minute per family and replica, and again after a success this replica projected, not on
 * every create: it moves slowly, and the query would be a good part of a create's cost.
 */
@ApplicationScoped
public class DurationEstimates {
    private static final int HISTORY = 20;
    private static final Duration FRESH_FOR = Duration.ofMinutes(1);

    /** Seconds per (training row x epoch), null without history, as of {@code at}. */
    private record Rate(Double secondsPerRowEpoch, Instant at) {
    }

    private final JobRepository jobs;
    private final Map<String, Rate> rates = new ConcurrentHashMap<>();

    public DurationEstimates(JobRepository jobs) {
        this.jobs = jobs;
    }

    /**
     * Seconds per (training row x epoch) of the family's recent successes, the median of up to 20,
     * times this job's rows x epochs. Null without history: a guess would mislead.
     */
    public Uni<Long> estimate(TrainingJob job) {
        return rate(job.modelFamily).map(rate -> rate == null ? null
                : Math.max(1L, Math.round(rate * job.trainRows * job.totalEpochs)));
    }

    /** A job of the family succeeded: the next estimate for it reads the history again. */
    public void learnFrom(String family) {
        rates.remove(family);
    }

    private Uni<Double> rate(String family) {
        Rate known = rates.get(family);
        Instant now = Instant.now();
        if (known != null && known.at().plus(FRESH_FOR).isAfter(now)) {
            return Uni.createFrom().item(known.secondsPerRowEpoch());
        }
        return jobs.recentSuccesses(family, HISTORY).map(history -> {
            double[] perRowEpoch = history.stream().filter(h -> h.trainRows > 0 && h.currentEpoch > 0)
                    .mapToDouble(h -> Duration.between(h.startedAt, h.finishedAt).toMillis() / 1000.0
                            / (h.trainRows * (double) h.currentEpoch))
                    .sorted().toArray();
            Double median = perRowEpoch.length == 0 ? null : perRowEpoch.length % 2 == 1
                    ? perRowEpoch[perRowEpoch.length / 2]
                    : (perRowEpoch[perRowEpoch.length / 2 - 1] + perRowEpoch[perRowEpoch.length / 2]) / 2;
            rates.put(family, new Rate(median, now));
            return median;
        });
    }
}
