package io.trainyard.jobs.scheduling;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.JobStatus;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.jobs.config.JobApiConfig;
import io.trainyard.jobs.dataset.Dataset;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.job.JobEvent;
import io.trainyard.jobs.job.JobEventRepository;
import io.trainyard.jobs.job.JobRepository;
import io.trainyard.jobs.job.TrainingJob;
import io.trainyard.jobs.live.LiveEvents;
import io.trainyard.jobs.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Starts queued jobs in priority order as worker slots become free. PostgreSQL holds the queue; Kafka
 * only carries each start command to the one worker the scheduler picked for it.
 *
 * <p>Why not a topic per priority: a consumer group assigns each partition to one worker, so a record
 * waits behind its partition's owner even while another worker idles, and no consumer can compare the
 * heads of several topics across the pool. Here one transaction, serialised across job-api replicas by
 * an advisory lock, sees the whole queue and every worker's free slots (capacity from heartbeats minus the
 * jobs assigned to it) and hands out the highest-priority, longest-waiting jobs first.
 *
 * <p>A worker that falls silent for longer than {@code trainyard.workers.timeout} loses its jobs: they go
 * back to the queue, keeping their place, and continue from their latest checkpoint on another worker.
 */
@ApplicationScoped
public class JobScheduler {
    private static final Logger LOG = Logger.getLogger(JobScheduler.class);
    /** pg_try_advisory_xact_lock key: one scheduler pass at a time across all job-api replicas. */
    private static final long LOCK_KEY = 0x7472_6169_6e79_6172L; // "trainyar"

    /**
     * Whether a job waits while a live worker has a free slot: the one question a pass woken by a commit asks first,
     * on the plain client (one indexed statement, no session), since most such commits (a create while every slot is
     * busy) leave nothing to dispatch.
     */
    private static final String WORK_WAITING = """
            SELECT EXISTS (SELECT 1 FROM training_job WHERE status = 'QUEUED' AND dispatched_at IS NULL)
               AND EXISTS (SELECT 1 FROM worker_heartbeat h
                           WHERE h.sent_at > $1
                             AND h.slots > (SELECT count(*) FROM training_job j
                                            WHERE j.assigned_worker = h.worker_id
                                              AND j.status IN ('QUEUED', 'RUNNING')))""";

    /** A live worker and how many more jobs it can take now. */
    record FreeSlots(String workerId, int free) {
    }

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final DatasetRepository datasets;
    private final Outbox outbox;
    private final LiveEvents live;
    private final Pool pool;
    private final Duration workerTimeout;
    /** Set by the periodic pass: lost workers are found by time passing, which no commit announces. */
    private final AtomicBoolean lostCheckDue = new AtomicBoolean(true);

    public JobScheduler(JobRepository jobs, JobEventRepository events, DatasetRepository datasets, Outbox outbox,
            LiveEvents live, Pool pool, JobApiConfig config) {
        this.pool = pool;
        this.live = live;
        this.jobs = jobs;
        this.events = events;
        this.datasets = datasets;
        this.outbox = outbox;
        this.workerTimeout = config.workers().timeout();
    }

    /** Makes the next {@link #tick()} look for lost workers too (the periodic pass asks for it). */
    void requestLostCheck() {
        lostCheckDue.set(true);
    }

    /**
     * A pass as {@link WorkNotifications} runs it: at once when the database says there is work, and periodically.
     * The start commands it writes reach Kafka through the outbox, whose insert wakes the relay.
     */
    Uni<Void> tick() {
        boolean findLost = lostCheckDue.getAndSet(false);
        return (findLost ? schedule() : dispatchIfWorkWaits())
                .onFailure().invoke(() -> {
                    if (findLost) {
                        lostCheckDue.set(true);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("scheduling pass failed, will retry: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** A pass without the lost-worker check, which opens a transaction only when a job and a free slot wait. */
    Uni<Integer> dispatchIfWorkWaits() {
        Instant cutoff = Instant.now().minus(workerTimeout);
        return pool.preparedQuery(WORK_WAITING).execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC)))
                .flatMap(rows -> rows.iterator().next().getBoolean(0) ? schedule() : Uni.createFrom().item(0));
    }

    /** One pass: requeue the jobs of lost workers, then fill free slots. Returns how many jobs were dispatched. */
    public Uni<Integer> schedule() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT pg_try_advisory_xact_lock(" + LOCK_KEY + ")", Boolean.class)
                .getSingleResult()
                .flatMap(locked -> {
                    if (!locked) {
                        return Uni.createFrom().item(0);
                    }
                    // One cutoff for the whole pass: a worker is either lost or has slots, never both.
                    Instant now = Instant.now();
                    Instant cutoff = now.minus(workerTimeout);
                    return requeueLost(now, cutoff).flatMap(ignored -> freeSlots(session, cutoff))
                            .flatMap(this::dispatch);
                })));
    }

    private Uni<Void> requeueLost(Instant now, Instant cutoff) {
        return jobs.list("""
                status in ?1 and assignedWorker is not null and not exists (
                    select 1 from WorkerHeartbeatRow h where h.workerId = assignedWorker and h.sentAt > ?2)""",
                List.of(JobStatus.QUEUED, JobStatus.RUNNING), cutoff)
                .flatMap(lost -> Multi.createFrom().iterable(lost)
                        .onItem().transformToUniAndConcatenate(job -> requeue(job, now)).collect().last())
                .replaceWithVoid();
    }

    private Uni<JobEvent> requeue(TrainingJob job, Instant now) {
        String worker = job.assignedWorker;
        String lost = "worker " + worker + " was not heard from for " + workerTimeout.toSeconds() + " s";
        if (job.cancelRequestedAt != null) {
            job.status = JobStatus.CANCELLED;
            job.finishedAt = now;
            job.updatedAt = now;
            LOG.infof("job %s: %s; it was being cancelled, so it is cancelled", job.id, lost);
            return events.persist(JobEvent.of(job, "cancelled", null, lost + "; cancelled", now))
                    .call(() -> live.cancelled(job, now));
        }
        job.requeueKeepingPlace(now);
        job.pauseRequestedAt = null;
        String from = job.resumesFrom();
        LOG.warnf("job %s: %s; queued again %s", job.id, lost, from);
        return events.persist(JobEvent.of(job, "requeued", null, lost + "; queued again " + from, now))
                .call(() -> live.requeued(job, lost, now));
    }

    @SuppressWarnings("unchecked")
    private Uni<List<FreeSlots>> freeSlots(org.hibernate.reactive.mutiny.Mutiny.Session session, Instant cutoff) {
        return session.createNativeQuery("""
                SELECT h.worker_id, h.slots - (SELECT count(*) FROM training_job j
                                               WHERE j.assigned_worker = h.worker_id
                                                 AND j.status IN ('QUEUED', 'RUNNING')) AS free
                FROM worker_heartbeat h
                WHERE h.sent_at > :cutoff
                ORDER BY free DESC, h.worker_id""", Object[].class)
                .setParameter("cutoff", cutoff)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new FreeSlots((String) r[0], ((Number) r[1]).intValue()))
                        .filter(w -> w.free() > 0).toList());
    }

    private Uni<Integer> dispatch(List<FreeSlots> workers) {
        int capacity = workers.stream().mapToInt(FreeSlots::free).sum();
        if (capacity == 0) {
            return Uni.createFrom().item(0);
        }
        return jobs.nextInQueue(capacity).flatMap(next -> {
            if (next.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<String> assignment = assign(workers, next.size());
            return datasets.list("id in ?1", next.stream().map(j -> j.datasetId).distinct().toList())
                    .map(found -> found.stream().collect(Collectors.toMap(d -> d.id, Function.identity())))
                    .flatMap(byId -> Multi.createFrom().range(0, next.size())
                            .onItem().transformToUniAndConcatenate(i -> dispatch(next.get(i), assignment.get(i),
                                    byId))
                            .collect().last())
                    .replaceWith(next.size());
        });
    }

    /** Spreads jobs over the workers, each to the one with the most free slots left (ties: by id). */
    static List<String> assign(List<FreeSlots> workers, int jobCount) {
        int[] free = workers.stream().mapToInt(FreeSlots::free).toArray();
        List<String> assignment = new java.util.ArrayList<>(jobCount);
        for (int n = 0; n < jobCount; n++) {
            int best = 0;
            for (int i = 1; i < free.length; i++) {
                if (free[i] > free[best]) {
                    best = i;
                }
            }
            free[best]--;
            assignment.add(workers.get(best).workerId());
        }
        return assignment;
    }

    private Uni<Void> dispatch(TrainingJob job, String worker, Map<java.util.UUID, Dataset> datasetsById) {
        Instant now = Instant.now();
        Dataset dataset = datasetsById.get(job.datasetId);
        job.assignedWorker = worker;
        job.dispatchedAt = now;
        job.attempts++;
        job.updatedAt = now;
        StartTrainingCommand run = StartTrainingCommand.firstRun(job.id, job.name, job.modelFamily, dataset.toRef(),
                job.hyperparameters, job.validationSplit, job.queuedAt, job.modelName, job.priority, job.tenant);
        StartTrainingCommand command = (job.checkpoint() == null ? run : run.resumingFrom(job.checkpoint()))
                .addressedTo(worker, job.attempts);
        String waited = String.format(java.util.Locale.ROOT, "%.1f",
                Duration.between(job.queuedAt, now).toMillis() / 1000.0);
        LOG.infof("job %s (%s priority, waited %s s) -> worker %s", job.id, job.priority.wireName(), waited, worker);
        return events.persist(JobEvent.of(job, "dispatched", null, "assigned to worker " + worker + " after "
                        + waited + " s in the " + job.priority.wireName() + " queue" + (job.attempts > 1
                        ? " (attempt " + job.attempts + ")" : ""), now))
                // The scheduler pass is not traced: the command continues the trace of the request that queued the job.
                .call(() -> outbox.enqueue(Outbox.TRAINING_COMMANDS, job.id, job.tenant, EventTypes.START_TRAINING,
                        command, job.traceParent))
                .replaceWithVoid();
    }
}
