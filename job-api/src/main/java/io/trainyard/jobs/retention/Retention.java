package io.trainyard.jobs.retention;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.support.artifacts.ArtifactStore;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The scheduled clean-up (docs/retention.md): finished jobs past their age with their events, tags, logs and
 * live events, and their model and checkpoint folders in the artifact store; log lines, live events and
 * recorded event ids past theirs. In batches, each its own transaction; idempotent (what is gone is not found
 * again), and one replica at a time. Datasets, registered model versions and the jobs they came from stay.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final RetentionRepository repository;
    private final ArtifactStore artifacts;
    private final Vertx vertx;
    private final Clock clock;
    private final RetentionConfig config;
    private final Duration liveEvents;

    public Retention(RetentionRepository repository, ArtifactStore artifacts, Vertx vertx, Clock clock,
            RetentionConfig config, JobApiConfig jobApi) {
        this.repository = repository;
        this.artifacts = artifacts;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
        this.liveEvents = jobApi.live().retention();
    }

    @Scheduled(every = "${trainyard.retention.interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return run().onFailure().invoke(e -> LOG.warnf("retention pass failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One pass over everything, with the ages counted back from the clock's now. */
    public Uni<RetentionSummary> run() {
        Instant now = clock.instant();
        Pass pass = new Pass();
        return drain(pass, c -> jobs(c, now, pass)).map(n -> pass.jobs = n)
                .chain(() -> drain(pass, c -> repository.deleteLogLines(c, now.minus(config.logs()),
                        config.batchSize()))).map(n -> pass.logLines = n)
                .chain(() -> drain(pass, c -> repository.deleteLiveEvents(c, now.minus(liveEvents),
                        config.batchSize()))).map(n -> pass.liveEvents = n)
                .chain(() -> drain(pass, c -> repository.deleteProcessedEvents(c, now.minus(config.processedEvents()),
                        config.batchSize()))).map(n -> pass.processedEvents = n)
                .chain(() -> drain(pass, c -> repository.deleteExpiredTickets(c, now, config.batchSize())))
                .map(n -> pass.liveTickets = n)
                .map(ignored -> pass.summary())
                .invoke(Retention::report);
    }

    /** One batch of expired jobs: their artifact folders first, so that a failure leaves no orphaned files. */
    private Uni<Integer> jobs(SqlConnection connection, Instant now, Pass pass) {
        return repository.expiredJobs(connection, now.minus(config.finishedJobs()), now.minus(config.failedJobs()),
                config.batchSize()).flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(0)
                : repository.modelFoldersInUse(connection, ids)
                        .flatMap(inUse -> deleteArtifacts(ids, inUse))
                        .invoke(folders -> pass.artifactFolders += folders)
                        .chain(() -> repository.deleteJobs(connection, ids))
                        .replaceWith(ids.size()));
    }

    private Uni<Integer> deleteArtifacts(List<UUID> jobIds, Set<UUID> modelsInUse) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            int folders = 0;
            for (UUID id : jobIds) {
                artifacts.deleteFolder("checkpoints/" + id + "/");
                folders++;
                if (modelsInUse.contains(id)) {
                    LOG.warnf("job %s removed, its model folder kept: a registered model version points into it", id);
                } else {
                    artifacts.deleteFolder("models/" + id + "/");
                    folders++;
                }
            }
            return folders;
        }));
    }

    /** Batches until one comes back short; stops early when another replica holds the lock. */
    private Uni<Long> drain(Pass pass, Function<SqlConnection, Uni<Integer>> batch) {
        return repository.locked(batch).flatMap(removed -> more(pass, batch, removed, 0));
    }

    private Uni<Long> more(Pass pass, Function<SqlConnection, Uni<Integer>> batch, Optional<Integer> removed,
            long before) {
        if (removed.isEmpty()) {
            pass.contended = true;
            return Uni.createFrom().item(before);
        }
        long total = before + removed.get();
        return removed.get() < config.batchSize() ? Uni.createFrom().item(total)
                : repository.locked(batch).flatMap(next -> more(pass, batch, next, total));
    }

    private static void report(RetentionSummary summary) {
        if (summary.total() > 0) {
            LOG.infof("retention: removed %d jobs (%d artifact folders), %d log lines, %d live events, %d event ids, "
                    + "%d expired live tickets%s", summary.jobs(), summary.artifactFolders(), summary.logLines(),
                    summary.liveEvents(), summary.processedEvents(), summary.liveTickets(),
                    summary.contended() ? "; another replica did part of it" : "");
        } else {
            LOG.debugf("retention: nothing to remove%s", summary.contended() ? " (another replica is cleaning)" : "");
        }
    }

    /** Counts of a pass in progress. */
    private static final class Pass {
        long jobs;
        long artifactFolders;
        long logLines;
        long liveEvents;
        long processedEvents;
        long liveTickets;
        boolean contended;

        RetentionSummary summary() {
            return new RetentionSummary(jobs, artifactFolders, logLines, liveEvents, processedEvents, liveTickets,
                    contended);
        }
    }
}
