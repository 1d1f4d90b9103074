package io.trainyard.jobs.progress;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.trainyard.jobs.job.TrainingJob;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The queue wait ({@code trainyard_job_queue_wait_seconds}: created to first started, per priority) and run
 * time ({@code trainyard_job_duration_seconds}: first started to finished, per outcome and model family)
 * histograms, fed by the progress projection. A projection notes what it saw in a {@link Pending} and the
 * timings are recorded only once its transaction committed: a redelivered event, which the projection skips,
 * and a failed attempt, which is retried, record nothing.
 */
@ApplicationScoped
public class JobTimings {
    private static final Duration[] BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(6), Duration.ofHours(24)};

    private final MeterRegistry registry;

    public JobTimings(MeterRegistry registry) {
        this.registry = registry;
    }

    /** What one projection attempt saw, recorded by {@link Pending#commit()}. */
    public final class Pending {
        private final List<Runnable> records = new ArrayList<>(1);

        /** The job's first run started at {@code at}. */
        void started(TrainingJob job, Instant at) {
            Duration wait = positive(job.createdAt, at);
            String priority = job.priority.wireName();
            records.add(() -> timer("trainyard.job.queue.wait", "Seconds from creating a job to its first start",
                    "priority", priority).record(wait));
        }

        /** The job reached a terminal state at {@code job.finishedAt}. */
        void finished(TrainingJob job) {
            Duration run = positive(job.startedAt, job.finishedAt);
            String status = job.status.wireName();
            String family = job.modelFamily;
            records.add(() -> timer("trainyard.job.duration", "Seconds from a job's first start to its outcome",
                    "status", status, "model_family", family).record(run));
        }

        public void commit() {
            records.forEach(Runnable::run);
        }
    }

    public Pending pending() {
        return new Pending();
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** Two clocks (job-api's, the worker's) meet here: a negative difference is skew, not time. */
    private static Duration positive(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
