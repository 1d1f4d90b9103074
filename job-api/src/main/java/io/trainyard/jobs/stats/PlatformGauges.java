package io.trainyard.jobs.stats;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.jobs.job.JobCounts;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Database-wide gauges: jobs per status (the maintained {@link JobCounts}), the queue per priority, the outbox
 * backlog and the live workers' slots. A few grouped counts refreshed every
 * {@code trainyard.metrics.refresh-interval}; the gauges only read the last result, so a scrape never waits for
 * the database (nor blocks the event loop). Every job-api replica reports the same numbers: aggregate them with
 * max(), not sum().
 */
@Startup
@ApplicationScoped
public class PlatformGauges {
    private static final Logger LOG = Logger.getLogger(PlatformGauges.class);

    private final Map<JobStatus, AtomicLong> jobs = new EnumMap<>(JobStatus.class);
    private final Map<JobPriority, AtomicLong> queued = new EnumMap<>(JobPriority.class);
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final AtomicReference<Instant> oldestOutboxRow = new AtomicReference<>();
    private final AtomicLong workersAlive = new AtomicLong();
    private final AtomicLong capacity = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final Duration workerTimeout;
    private final JobCounts counts;

    public PlatformGauges(MeterRegistry registry, JobApiConfig config, JobCounts counts) {
        this.workerTimeout = config.workers().timeout();
        this.counts = counts;
        for (JobStatus status : JobStatus.values()) {
            AtomicLong count = new AtomicLong();
            jobs.put(status, count);
            Gauge.builder("trainyard.jobs", count, AtomicLong::get).description("Jobs per status, database-wide")
                    .tag("status", status.wireName()).register(registry);
        }
        for (JobPriority priority : JobPriority.values()) {
            AtomicLong count = new AtomicLong();
            queued.put(priority, count);
            Gauge.builder("trainyard.jobs.queued", count, AtomicLong::get)
                    .description("Jobs waiting for a worker slot, per priority").tag("priority", priority.wireName())
                    .register(registry);
        }
        Gauge.builder("trainyard.outbox.backlog", outboxBacklog, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka").register(registry);
        Gauge.builder("trainyard.outbox.oldest.age", oldestOutboxRow, PlatformGauges::ageSeconds).baseUnit("seconds")
                .description("Age of the oldest unpublished outbox row; 0 when the outbox is empty").register(registry);
        Gauge.builder("trainyard.workers.alive", workersAlive, AtomicLong::get)
                .description("Workers heard from within trainyard.workers.timeout").register(registry);
        Gauge.builder("trainyard.fleet.slots", busy, AtomicLong::get).tag("state", "busy")
                .description("Training slots of the live workers, from their heartbeats").register(registry);
        Gauge.builder("trainyard.fleet.slots", this,
                        gauges -> Math.max(0, gauges.capacity.get() - gauges.busy.get()))
                .tag("state", "free").description("Training slots of the live workers, from their heartbeats")
                .register(registry);
    }

    @Scheduled(every = "${trainyard.metrics.refresh-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return Panache.withSession(() -> Panache.getSession().flatMap(this::refresh))
                .onFailure().invoke(e -> LOG.debugf("metrics refresh failed, keeping the last values: %s", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> refresh(Mutiny.Session session) {
        return counts.byStatus(null).invoke(byStatus -> byStatus.forEach((status, n) -> jobs.get(status).set(n)))
                .chain(() -> session.createNativeQuery("""
                        SELECT priority, count(*) FROM training_job
                        WHERE status = 'QUEUED' AND dispatched_at IS NULL GROUP BY priority""", Object[].class)
                        .getResultList())
                .invoke(rows -> set(queued, rows, JobPriority::valueOf))
                .chain(() -> session.createNativeQuery("""
                        SELECT (SELECT count(*) FROM outbox_event), (SELECT min(created_at) FROM outbox_event),
                               count(*), coalesce(sum(slots), 0), coalesce(sum(busy_slots), 0)
                        FROM worker_heartbeat WHERE sent_at > :cutoff""", Object[].class)
                        // The scheduler's rule for a live worker, as in the stats.
                        .setParameter("cutoff", Instant.now().minus(workerTimeout)).getSingleResult())
                .invoke(row -> {
                    outboxBacklog.set(((Number) row[0]).longValue());
                    oldestOutboxRow.set(instant(row[1]));
                    workersAlive.set(((Number) row[2]).longValue());
                    capacity.set(((Number) row[3]).longValue());
                    busy.set(((Number) row[4]).longValue());
                }).replaceWithVoid();
    }

    private static <K extends Enum<K>> void set(Map<K, AtomicLong> gauges, List<Object[]> rows,
            Function<String, K> key) {
        Map<K, Long> counts = new HashMap<>();
        for (Object[] row : rows) {
            counts.put(key.apply(((String) row[0]).toUpperCase(Locale.ROOT)), ((Number) row[1]).longValue());
        }
        gauges.forEach((k, gauge) -> gauge.set(counts.getOrDefault(k, 0L)));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) value;
    }

    private static double ageSeconds(AtomicReference<Instant> oldest) {
        Instant at = oldest.get();
        return at == null ? 0.0 : Math.max(0, Duration.between(at, Instant.now()).toMillis() / 1000.0);
    }
}
