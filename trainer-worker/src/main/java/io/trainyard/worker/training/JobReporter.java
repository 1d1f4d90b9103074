package io.trainyard.worker.training;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobLogEvent;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.worker.lineage.RunEvents;
import io.trainyard.worker.messaging.TrainingEventSink;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reports one job: progress, per-epoch metrics, lineage and the outcome, plus the progress log lines (with
 * the job's trace id).
 * Sends do not wait for Kafka one by one (an epoch can take milliseconds); instead the reporter keeps
 * the pending sends, applies backpressure when too many are in flight, and {@link #awaitDelivery()}
 * waits for all of them before the command is acknowledged. The terminal progress event is sent only
 * after everything else (metrics, lineage) was delivered: whoever reacts to "succeeded" finds every
 * epoch and the model's lineage already there. A resumed job continues the series where its checkpoint
 * left off: no second lineage START (RUNNING instead), progress and {@code current_epoch} from the
 * checkpoint on.
 */
final class JobReporter implements TrainingObserver {
    private static final Logger LOG = Logger.getLogger(JobReporter.class);
    private static final int MAX_IN_FLIGHT = 256;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);

    private static final long EPOCH_PROGRESS_GAP_NANOS = Duration.ofMillis(500).toNanos();

    private final TrainingEventSink publisher;
    private final JobOutcomes outcomes;
    private final StartTrainingCommand command;
    private final UUID jobId;
    private final String tenant;
    private final String family;
    private final int totalEpochs;
    private final CheckpointRef resumeFrom;
    private final long intervalNanos;
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();

    private String device;
    private int completedEpochs;
    private long lastProgressNanos = System.nanoTime();
    private long lastLogNanos = System.nanoTime();

    /** @param hyperparameters the effective ones; null when they are invalid (the job will fail) */
    JobReporter(TrainingEventSink publisher, JobOutcomes outcomes, StartTrainingCommand command,
            Hyperparameters hyperparameters, Duration progressInterval) {
        this.publisher = publisher;
        this.outcomes = outcomes;
        this.command = command;
        this.jobId = command.jobId();
        this.tenant = command.tenantOrDefault();
        this.family = command.modelFamily();
        this.totalEpochs = hyperparameters == null ? 0 : hyperparameters.epochs();
        this.resumeFrom = command.resumeFrom();
        this.completedEpochs = resumeFrom == null ? 0 : resumeFrom.epoch();
        this.intervalNanos = progressInterval.toNanos();
    }

    int completedEpochs() {
        return completedEpochs;
    }

    void started(String device) {
        this.device = device;
        Instant now = Instant.now();
        if (resumeFrom == null) {
            track(publisher.lineage(RunEvents.start(command, now)));
            track(progress(JobProgressEvent.running(jobId, 0.0, 0, totalEpochs, null, device, now)));
            log("INFO", "job %s [%s] started on %s: %d epochs, dataset %s", jobId, family, device, totalEpochs,
                    command.dataset() == null ? "?" : command.dataset().name());
        } else {
            track(publisher.lineage(RunEvents.resumed(command, resumeFrom, now)));
            double percent = totalEpochs == 0 ? 0.0 : round(Math.min(100.0, 100.0 * completedEpochs / totalEpochs), 2);
            track(progress(JobProgressEvent.running(jobId, percent, completedEpochs, totalEpochs, null,
                    device, now)));
            log("INFO", "job %s [%s] resumed on %s after epoch %d of %d, dataset %s", jobId, family, device,
                    completedEpochs, totalEpochs, command.dataset() == null ? "?" : command.dataset().name());
        }
        lastProgressNanos = System.nanoTime();
    }

    @Override
    public void batchCompleted(Progress progress) {
        long now = System.nanoTime();
        if (now - lastProgressNanos >= intervalNanos) {
            lastProgressNanos = now;
            track(progress(running(progress)));
            if (now - lastLogNanos >= intervalNanos) {
                lastLogNanos = now;
                log("INFO", "job %s [%s] epoch %d/%d  %.1f%%  ETA %ss  (epoch in progress)", jobId, family,
                        progress.completedEpochs() + 1, totalEpochs, progress.percent(), eta(progress));
            }
        }
    }

    @Override
    public void epochCompleted(EpochResult r, Progress progress, CheckpointRef checkpoint) {
        completedEpochs = r.epoch();
        Instant now = Instant.now();
        track(publisher.epochMetrics(epochMetrics(r, now).forTenant(tenant)));
        long sinceLast = System.nanoTime() - lastProgressNanos;
        boolean firstOfRun = r.epoch() == (resumeFrom == null ? 1 : resumeFrom.epoch() + 1);
        // Short epochs would flood the progress topic (and every projection of it) with one event each:
        // report the first and the last, a checkpoint, and otherwise at most one per EPOCH_PROGRESS_GAP.
        if (checkpoint == null && !firstOfRun && r.epoch() != totalEpochs
                && sinceLast < Math.min(intervalNanos, EPOCH_PROGRESS_GAP_NANOS)) {
            logEpoch(r, progress);
            return;
        }
        JobProgressEvent running = running(progress);
        // A periodic checkpoint rides on the running event of its epoch: the latest one to resume from.
        track(progress(checkpoint == null ? running : running.withCheckpoint(checkpoint)));
        lastProgressNanos = System.nanoTime();
        logEpoch(r, progress);
    }

    private void logEpoch(EpochResult r, Progress progress) {
        // One line per epoch would flood the log for long jobs: first, last, and about one per interval.
        long nanos = System.nanoTime();
        if (r.epoch() == 1 || r.epoch() == totalEpochs || nanos - lastLogNanos >= intervalNanos) {
            lastLogNanos = nanos;
            log("INFO", "job %s [%s] epoch %d/%d  %.1f%%  ETA %ss  %s", jobId, family, r.epoch(), totalEpochs,
                    progress.percent(), eta(progress), headline(r));
        }
    }

    /**
     * Logs a line about the job and ships it on the logs topic, so that the job's owner reads it through
     * the API; shipped lines are delivered before the job's outcome, like every other event.
     */
    private void log(String level, String format, Object... args) {
        String message = String.format(Locale.ROOT, format, args);
        if ("WARN".equals(level)) {
            LOG.warn(message);
        } else {
            LOG.info(message);
        }
        track(publisher.log(JobLogEvent.of(jobId, level, message, Instant.now(), traceId(), tenant)));
    }

    void succeeded(TrainingResult result, Map<String, Double> finalMetrics) {
        Instant now = Instant.now();
        log("INFO", "job %s [%s] succeeded (%s after epoch %d, kept epoch %d, %d parameters): %s, model %s", jobId,
                family, result.stopReason().wireName(), result.lastEpoch(), result.kept().epoch(),
                result.parameterCount(), format(finalMetrics), result.artifact().uri());
        finish(JobOutcome.of(RunEvents.complete(command, result.artifact(), now), JobProgressEvent.succeeded(jobId,
                result.lastEpoch(), totalEpochs, device, finalMetrics, result.artifact().uri(),
                result.artifact().sha256(), result.evaluation(), result.parameterCount(), result.kept().epoch(),
                result.stopReason().wireName(), now)));
    }

    /** The run stopped for a pause; its checkpoint is where a resumed run continues. No lineage: the run goes on. */
    void paused(TrainingResult result) {
        Instant now = Instant.now();
        log("INFO", "job %s [%s] paused after %d/%d epochs; checkpoint %s", jobId, family, result.lastEpoch(),
                totalEpochs, result.pausedAt().uri());
        awaitDelivery();
        track(progress(JobProgressEvent.paused(jobId, round(result.progressPercent(), 2),
                result.lastEpoch(), totalEpochs, device, result.pausedAt(), now)));
    }

    /**
     * The worker drains: the job goes back to the queue, to continue from {@code checkpoint} (null: from the
     * start) on the next free worker. No lineage event: the run goes on there.
     *
     * @param percent where the next run starts, null for where this one started
     */
    void handedBack(CheckpointRef checkpoint, int finishedEpochs, Double percent) {
        Instant now = Instant.now();
        log("INFO", "job %s [%s] handed back to the queue after %d/%d epochs: this worker is shutting down; it "
                + "continues from %s on the next free worker", jobId, family, finishedEpochs, totalEpochs,
                checkpoint == null ? "the start" : "checkpoint " + checkpoint.uri());
        awaitDelivery();
        double at = percent != null ? percent
                : totalEpochs == 0 ? 0.0 : round(Math.min(100.0, 100.0 * finishedEpochs / totalEpochs), 2);
        track(progress(JobProgressEvent.handedBack(jobId, round(at, 2), finishedEpochs, totalEpochs,
                device, checkpoint, now)));
    }

    void failed(String message) {
        Instant now = Instant.now();
        log("WARN", "job %s [%s] failed after %d/%d epochs: %s", jobId, family, completedEpochs, totalEpochs, message);
        finish(JobOutcome.of(RunEvents.fail(command, message, now),
                JobProgressEvent.failed(jobId, completedEpochs, totalEpochs, message, now)));
    }

    void cancelled(boolean beforeStart) {
        Instant now = Instant.now();
        log("INFO", "job %s [%s] cancelled %s", jobId, family,
                beforeStart ? "before it started" : "after " + completedEpochs + "/" + totalEpochs + " epochs");
        finish(JobOutcome.of(RunEvents.abort(command, now),
                JobProgressEvent.cancelled(jobId, completedEpochs, totalEpochs, now)));
    }

    /**
     * The job's end: its outcome is stored, then sent (lineage first: whoever reacts to the status finds it), so
     * that a command that comes back for the job reports the same events instead of training it again.
     */
    private void finish(JobOutcome outcome) {
        JobOutcome stamped = new JobOutcome(outcome.lineageEventId(), outcome.lineage(), outcome.progressEventId(),
                outcome.progress().forTenant(tenant));
        awaitDelivery();
        outcomes.store(stamped);
        send(stamped);
    }

    /** A finished job's stored outcome, sent again under its ids: consumers that have it already drop it. */
    void reportAgain(JobOutcome outcome) {
        send(outcome);
        awaitDelivery();
    }

    private void send(JobOutcome outcome) {
        track(publisher.lineage(outcome.lineage(), outcome.lineageEventId()));
        awaitDelivery();
        track(publisher.progress(outcome.progress(), outcome.progressEventId()));
    }

    /**
     * The job went to another worker: only a log line, since the job's status, lineage run and metrics are the
     * new worker's to report (the job API ignores reports from a worker the job is no longer assigned to).
     */
    void reassigned(String newWorker) {
        log("WARN", "job %s [%s] stopped here after %d/%d epochs: the scheduler took this worker for lost and gave "
                + "the job to worker %s", jobId, family, completedEpochs, totalEpochs, newWorker);
    }

    /** Sends a progress report, naming the job's tenant like every event of the job. */
    private CompletableFuture<Void> progress(JobProgressEvent event) {
        return publisher.progress(event.forTenant(tenant));
    }

    /** The trace this (training) thread works in, so that a shipped line leads to it; null when tracing is off. */
    private static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /** Blocks until Kafka acknowledged everything sent for this job; throws if any send failed. */
    void awaitDelivery() {
        while (!inFlight.isEmpty()) {
            await(inFlight.pollFirst());
        }
    }

    private void track(CompletableFuture<Void> send) {
        inFlight.addLast(send);
        while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
            await(inFlight.pollFirst());
        }
        while (inFlight.size() > MAX_IN_FLIGHT) {
            await(inFlight.pollFirst());
        }
    }

    private static void await(CompletableFuture<Void> send) {
        try {
            send.get(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportingException("interrupted while reporting to Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ReportingException("could not report to Kafka: " + e.getMessage(), e);
        }
    }

    /** Classification results carry accuracies, regression results RMSE/MAE (see {@link EpochResult}). */
    private EpochMetricsEvent epochMetrics(EpochResult r, Instant at) {
        double samplesPerSecond = round(r.samplesPerSecond(), 1);
        if (r.valAccuracy() != null) {
            return EpochMetricsEvent.classification(jobId, r.epoch(), totalEpochs, r.trainLoss(), r.valLoss(),
                    r.trainAccuracy(), r.valAccuracy(), r.learningRate(), r.durationMs(), samplesPerSecond, at);
        }
        return EpochMetricsEvent.regression(jobId, r.epoch(), totalEpochs, r.trainLoss(), r.valLoss(), r.valRmse(),
                r.valMae(), r.learningRate(), r.durationMs(), samplesPerSecond, at);
    }

    private JobProgressEvent running(Progress p) {
        return JobProgressEvent.running(jobId, round(p.percent(), 2), p.completedEpochs(), totalEpochs,
                p.etaSeconds(), device, Instant.now());
    }

    private static String eta(Progress progress) {
        Long eta = progress.etaSeconds();
        return eta == null ? "?" : eta.toString();
    }

    private static String headline(EpochResult r) {
        if (r.valAccuracy() != null) {
            return String.format("val_accuracy=%.3f  val_loss=%.4f", r.valAccuracy(), r.valLoss());
        }
        return String.format("val_rmse=%.4f  val_mae=%.4f", r.valRmse(), r.valMae());
    }

    private static String format(Map<String, Double> metrics) {
        Map<String, String> shown = new LinkedHashMap<>();
        metrics.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> shown.put(e.getKey(), String.format("%.4f", e.getValue())));
        return shown.toString();
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
