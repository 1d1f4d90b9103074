package io.trainyard.jobs.progress;

import io.smallrye.mutiny.Uni;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.JobStatus;
import io.trainyard.jobs.job.JobEvent;
import io.trainyard.jobs.job.JobEventRepository;
import io.trainyard.jobs.job.JobRepository;
import io.trainyard.jobs.job.JobCommands;
import io.trainyard.jobs.job.DurationEstimates;
import io.trainyard.jobs.job.TrainingJob;
import io.trainyard.jobs.dataset.DatasetRepository;
import io.trainyard.jobs.live.LiveEvents;
import io.trainyard.jobs.stats.WorkerHeartbeatRow;
import io.trainyard.jobs.registry.ModelRegistry;
import io.trainyard.jobs.schedule.SchedulePromotion;
import io.trainyard.support.logging.JobLogContext;
import io.trainyard.support.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Locale;

/**
 * Applies worker reports to the job read model. Idempotent (the event id is recorded in the same
 * transaction) and monotonic: a job that reached a terminal state never leaves it, so a report
 * redelivered late cannot resurrect a finished job. Queue wait and run time are timed here
 * ({@link JobTimings}), once per job.
 */
@ApplicationScoped
public class JobProgressProjector {
    private static final Logger LOG = Logger.getLogger(JobProgressProjector.class);

    private final JobRepository jobs;
    private final JobEventRepository events;
    private final JobCommands commands;
    private final DatasetRepository datasets;
    private final ModelRegistry registry;
    private final LiveEvents live;
    private final JobTimings timings;
    private final DurationEstimates estimates;
    private final SchedulePromotion promotions;

    public JobProgressProjector(JobRepository jobs, JobEventRepository events, JobCommands commands,
            DatasetRepository datasets, ModelRegistry registry, LiveEvents live, JobTimings timings,
            DurationEstimates estimates, SchedulePromotion promotions) {
        this.estimates = estimates;
        this.promotions = promotions;
        this.jobs = jobs;
        this.events = events;
        this.commands = commands;
        this.datasets = datasets;
        this.registry = registry;
        this.live = live;
        this.timings = timings;
    }

    public Uni<Void> project(String eventId, JobProgressEvent event) {
        // Every line logged while projecting names the job (the MDC lives in this record's Vert.x context).
        JobLogContext.put(event.jobId());
        JobTimings.Pending timed = timings.pending();
        return ProcessedEvents.once(eventId, () -> jobs.findById(event.jobId())
                .flatMap(job -> apply(job, eventId, event, timed)))
                .invoke(timed::commit);
    }

    private Uni<Void> apply(TrainingJob job, String eventId, JobProgressEvent event, JobTimings.Pending timed) {
        if (job == null) {
            LOG.warnf("progress for unknown job %s ignored", event.jobId());
            return Uni.createFrom().voidItem();
        }
        if (event.workerId() != null && !event.workerId().equals(job.assignedWorker)) {
            // The job was requeued after this worker fell silent; the worker it belongs to now reports.
            LOG.infof("job %s: ignoring a %s report from worker %s; the job is assigned to %s", job.id,
                    event.status().wireName(), event.workerId(), job.assignedWorker);
            return Uni.createFrom().voidItem();
        }
        if (job.status.isTerminal()) {
            if (job.status == JobStatus.CANCELLED && event.status() == JobStatus.RUNNING) {
                // Cancelled while queued, but a worker started it before it heard the cancel: tell it again.
                LOG.infof("job %s was cancelled but a worker started it; repeating the cancel", job.id);
                return commands.requestStop(job, "cancelled while queued");
            }
            LOG.debugf("job %s is %s; ignoring late %s report", job.id, job.status, event.status());
            return Uni.createFrom().voidItem();
        }
        if (event.status() == JobStatus.QUEUED) {
            return handBack(job, eventId, event);
        }
        return live.afterProjecting(job, event, () -> record(job, eventId, event, timed));
    }

    /**
     * A draining worker gave the job back: it waits for the next free worker (the scheduler's next pass, not
     * the lost-worker timeout), keeping its place in the queue and continuing from the checkpoint it was handed
     * back with. A pause or cancel that the worker did not see before it stopped is applied now. The worker
     * gets no more jobs: it offers no slots until a heartbeat newer than this report says otherwise (a
     * restarted pod with the same id).
     */
    private Uni<Void> handBack(TrainingJob job, String eventId, JobProgressEvent event) {
        Instant at = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        String worker = job.assignedWorker;
        keepCheckpoint(job, event);
        job.currentEpoch = event.currentEpoch();
        job.progressPercent = event.progressPercent();
        String from = job.resumesFrom();
        String why = "worker " + worker + " is shutting down and handed the job back";
        Uni<Integer> noMoreJobs = worker == null ? Uni.createFrom().item(0)
                : WorkerHeartbeatRow.update("slots = 0 where workerId = ?1 and sentAt <= ?2", worker, at);
        if (job.cancelRequestedAt != null) {
            finish(job, at);
            job.status = JobStatus.CANCELLED;
            job.updatedAt = Instant.now();
            return noMoreJobs.chain(() -> events.persist(JobEvent.of(job, "cancelled", eventId, why + "; cancelled",
                    at))).call(() -> live.cancelled(job, at)).replaceWithVoid();
        }
        if (job.pauseRequestedAt != null) {
            job.status = JobStatus.PAUSED;
            job.pauseRequestedAt = null;
            job.assignedWorker = null;
            job.etaSeconds = null;
            job.updatedAt = Instant.now();
            return noMoreJobs.chain(() -> events.persist(JobEvent.of(job, "paused", eventId, why + "; paused " + from,
                    at))).call(() -> live.paused(job, at)).replaceWithVoid();
        }
        job.requeueKeepingPlace(Instant.now());
        LOG.infof("job %s: %s; queued again %s", job.id, why, from);
        return noMoreJobs.chain(() -> events.persist(JobEvent.of(job, "requeued", eventId, why + "; queued again "
                + from, at))).call(() -> live.requeued(job, why, at)).replaceWithVoid();
    }

    private Uni<Void> record(TrainingJob job, String eventId, JobProgressEvent event, JobTimings.Pending timed) {
        Instant at = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        job.status = event.status();
        job.updatedAt = Instant.now();
        job.currentEpoch = event.currentEpoch();
        job.totalEpochs = event.totalEpochs() > 0 ? event.totalEpochs() : job.totalEpochs;
        if (event.device() != null) {
            job.device = event.device();
        }
        String message;
        switch (event.status()) {
            case RUNNING -> {
                if (job.startedAt == null) {
                    job.startedAt = at;
                    timed.started(job, at);
                }
                job.progressPercent = event.progressPercent();
                job.etaSeconds = event.etaSeconds();
                // Periodic checkpoints (checkpoint_every_n_epochs) ride on running events.
                keepCheckpoint(job, event);
                message = String.format(Locale.ROOT, "epoch %d/%d, %.1f%%", event.currentEpoch(),
                        event.totalEpochs(), event.progressPercent());
            }
            case PAUSED -> {
                job.pauseRequestedAt = null;
                job.progressPercent = event.progressPercent();
                job.etaSeconds = null;
                keepCheckpoint(job, event);
                message = "paused after epoch " + event.currentEpoch() + (event.checkpoint() == null ? ""
                        : "; checkpoint " + event.checkpoint().uri());
            }
            case SUCCEEDED -> {
                finish(job, at);
                timed.finished(job);
                estimates.learnFrom(job.modelFamily);
                job.progressPercent = 100.0;
                job.finalMetrics = event.finalMetrics();
                job.evaluation = event.evaluation();
                job.parameterCount = event.parameterCount();
                job.bestEpoch = event.bestEpoch();
                job.stopReason = event.stopReason();
                job.modelUri = event.modelUri();
                job.modelChecksum = event.modelChecksum();
                String summary = "succeeded: " + event.finalMetrics();
                return datasets.findById(job.datasetId)
                        .flatMap(dataset -> registry.registerTrainedModel(job, dataset, event))
                        .call(promotions::consider)
                        .flatMap(version -> {
                            job.modelVersion = version.key.version();
                            return events.persist(JobEvent.of(job, "succeeded", eventId, summary + "; registered as "
                                    + version.key.name() + " version " + version.key.version(), at));
                        }).replaceWithVoid();
            }
            case FAILED -> {
                finish(job, at);
                timed.finished(job);
                job.errorMessage = event.errorMessage();
                message = event.errorMessage();
            }
            case CANCELLED -> {
                finish(job, at);
                timed.finished(job);
                message = "stopped by the worker after epoch " + event.currentEpoch();
            }
            default -> throw new IllegalArgumentException("workers never report " + event.status());
        }
        return events.persist(JobEvent.of(job, event.status().wireName(), eventId, message, at)).replaceWithVoid();
    }

    private static void keepCheckpoint(TrainingJob job, JobProgressEvent event) {
        if (event.checkpoint() != null) {
            job.checkpointUri = event.checkpoint().uri();
            job.checkpointSha256 = event.checkpoint().sha256();
            job.checkpointEpoch = event.checkpoint().epoch();
        }
    }

    private static void finish(TrainingJob job, Instant at) {
        job.finishedAt = at;
        job.pauseRequestedAt = null;
        job.etaSeconds = 0L;
        if (job.startedAt == null) {
            job.startedAt = at;
        }
    }
}
