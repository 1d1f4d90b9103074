package io.trainyard.worker.training;

import org.junit.jupiter.api.io.TempDir;
import io.trainyard.support.artifacts.FilesystemArtifactStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trainyard.devstack.TestTokens;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.ColumnType;
import io.trainyard.contracts.DatasetColumn;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.EpochMetricsEvent;
import io.trainyard.contracts.Evaluation;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.JobLogEvent;
import io.trainyard.contracts.JobProgressEvent;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.JobStatus;
import io.trainyard.contracts.OpenLineage;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.worker.messaging.TrainingEventSink;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobReporterTest {
    static final Hyperparameters HP = new Hyperparameters(3, 16, 0.01, List.of(8), 1);
    static final StartTrainingCommand COMMAND = StartTrainingCommand.firstRun(UUID.randomUUID(), "job",
            "mlp_classifier",
            new DatasetRef(UUID.randomUUID(), "d", "file:/tmp/d.csv", "abc", 10, "y", TaskType.CLASSIFICATION,
                    List.of(new DatasetColumn("x", ColumnType.NUMERIC), new DatasetColumn("y",
                            ColumnType.CATEGORICAL))),
            HP, 0.2, Instant.now(), "job", JobPriority.NORMAL, TestTokens.TENANT);

    /** Records everything in send order; {@code failing} makes every send fail. */
    static final class RecordingSink implements TrainingEventSink {
        final List<Object> sent = new ArrayList<>();
        /** Log lines apart from the events, so that event order stays easy to assert. */
        final List<JobLogEvent> logs = new ArrayList<>();
        boolean failing;

        private CompletableFuture<Void> record(Object event) {
            sent.add(event);
            return failing ? CompletableFuture.failedFuture(new IllegalStateException("broker down"))
                    : CompletableFuture.completedFuture(null);
        }

        /** The CloudEvents id each progress and lineage event was sent under. */
        final List<String> ids = new ArrayList<>();

        @Override
        public CompletableFuture<Void> progress(JobProgressEvent event, String eventId) {
            ids.add(eventId);
            return record(event);
        }

        @Override
        public CompletableFuture<Void> epochMetrics(EpochMetricsEvent event) {
            return record(event);
        }

        @Override
        public CompletableFuture<Void> lineage(OpenLineage.RunEvent event, String eventId) {
            ids.add(eventId);
            return record(event);
        }

        @Override
        public CompletableFuture<Void> log(JobLogEvent event) {
            logs.add(event);
            return failing ? CompletableFuture.failedFuture(new IllegalStateException("broker down"))
                    : CompletableFuture.completedFuture(null);
        }

        List<JobProgressEvent> progress() {
            return sent.stream().filter(JobProgressEvent.class::isInstance).map(JobProgressEvent.class::cast).toList();
        }
    }

    @TempDir
    Path dir;

    JobOutcomes outcomes() {
        return new JobOutcomes(new FilesystemArtifactStore(dir), new ObjectMapper().findAndRegisterModules());
    }

    JobReporter reporter(TrainingEventSink sink, StartTrainingCommand command, Hyperparameters hp, Duration interval) {
        return new JobReporter(sink, outcomes(), command, hp, interval);
    }

    @Test
    void aFinishedJobsOutcomeIsStoredThenSentAndSentAgainUnderTheSameIds() {
        RecordingSink sink = new RecordingSink();
        JobReporter reporter = reporter(sink, COMMAND, HP, Duration.ofHours(1));
        reporter.started("cpu");
        reporter.failed("bad row 7");

        JobOutcome stored = outcomes().read(COMMAND.jobId()).orElseThrow();
        assertEquals(JobStatus.FAILED, stored.progress().status());
        assertEquals(TestTokens.TENANT, stored.progress().tenant());
        assertEquals(OpenLineage.EventType.FAIL, stored.lineage().eventType());
        assertEquals(List.of(stored.lineageEventId(), stored.progressEventId()),
                sink.ids.subList(sink.ids.size() - 2, sink.ids.size()), "sent under the stored ids, lineage first");

        RecordingSink again = new RecordingSink();
        reporter(again, COMMAND, null, Duration.ofHours(1)).reportAgain(stored);
        assertEquals(List.of(stored.lineageEventId(), stored.progressEventId()), again.ids);
        assertEquals(stored.progress(), again.progress().get(0));
    }

    @Test
    void insideAnEpochRunningEventsAreThrottled() {
        RecordingSink sink = new RecordingSink();
        JobReporter reporter = reporter(sink, COMMAND, HP, Duration.ofHours(1));
        reporter.started("cpu");
        for (int batch = 1; batch <= 100; batch++) {
            reporter.batchCompleted(new Progress(batch, 300, 0, 0, 3, 1_000_000L * batch));
        }
        assertEquals(1, sink.progress().size(), "only the start event within the interval");

        reporter.epochCompleted(new EpochResult(1, 0.5, 0.6, 0.8, 0.7, null, null, 0.005, 12, 1234.56),
                new Progress(100, 300, 0, 1, 3, 100_000_000L), null);
        assertEquals(2, sink.progress().size(), "every finished epoch is reported");
        JobProgressEvent afterEpoch = sink.progress().get(1);
        assertEquals(33.33, afterEpoch.progressPercent());
        assertEquals(1, afterEpoch.currentEpoch());
        assertEquals(0L, afterEpoch.etaSeconds(), "0.2 s left, rounded");
        EpochMetricsEvent metrics = (EpochMetricsEvent) sink.sent.get(sink.sent.size() - 2);
        assertEquals(1, metrics.epoch());
        assertEquals(0.005, metrics.learningRate(), "the epoch's own rate, as scheduled");
        assertEquals(1234.6, metrics.samplesPerSecond());
        assertNull(metrics.valRmse());
        assertNull(afterEpoch.checkpoint());
    }

    @Test
    void longEpochsStillReportRunningEvents() {
        RecordingSink sink = new RecordingSink();
        JobReporter reporter = reporter(sink, COMMAND, HP, Duration.ZERO);
        reporter.started("cpu");
        for (int batch = 1; batch <= 5; batch++) {
            reporter.batchCompleted(new Progress(batch, 300, 0, 0, 3, 1_000_000_000L * batch));
        }
        List<JobProgressEvent> progress = sink.progress();
        assertEquals(6, progress.size());
        assertEquals(JobStatus.RUNNING, progress.get(5).status());
        assertEquals(295L, progress.get(5).etaSeconds(), "1 s per batch, 295 batches to go");
        assertEquals(0, progress.get(5).currentEpoch(), "current_epoch counts finished epochs");
    }

    @Test
    void outcomeFollowsLineageAndComesLast() {
        RecordingSink sink = new RecordingSink();
        JobReporter reporter = reporter(sink, COMMAND, HP, Duration.ofHours(1));
        reporter.started("cpu");
        EpochResult first = new EpochResult(1, 0.5, 0.6, 0.8, 0.7, null, null, 0.01, 12, 100);
        EpochResult second = new EpochResult(2, 0.4, 0.7, 0.9, 0.6, null, null, 0.01, 12, 100);
        Evaluation evaluation = new Evaluation(0.7, 0.69, null, null, null, null, null);
        reporter.succeeded(new TrainingResult(List.of(first, second), first, 2, StopReason.EARLY_STOPPING, evaluation,
                83, new ModelArtifact(Path.of("/m/model-0001.params"), "file:///m/model-0001.params", "f00"), null,
                100.0), Map.of("val_accuracy", 0.7));
        reporter.awaitDelivery();
        Object complete = sink.sent.get(sink.sent.size() - 2);
        assertEquals(OpenLineage.EventType.COMPLETE, ((OpenLineage.RunEvent) complete).eventType());
        JobProgressEvent outcome = (JobProgressEvent) sink.sent.get(sink.sent.size() - 1);
        assertEquals(JobStatus.SUCCEEDED, outcome.status());
        assertEquals("file:///m/model-0001.params", outcome.modelUri());
        assertEquals("cpu", outcome.device());
        assertEquals(1, outcome.bestEpoch());
        assertEquals(2, outcome.currentEpoch(), "stopped after epoch 2");
        assertEquals("early_stopping", outcome.stopReason());
        assertEquals(83L, outcome.parameterCount());
        assertEquals(evaluation, outcome.evaluation());
        assertEquals(List.of("INFO", "INFO"), sink.logs.stream().map(JobLogEvent::level).toList());
        org.junit.jupiter.api.Assertions.assertTrue(sink.logs.get(1).message().contains("succeeded"),
                sink.logs.get(1).message());
    }

    @Test
    void aPeriodicCheckpointRidesOnTheEpochsRunningEvent() {
        RecordingSink sink = new RecordingSink();
        JobReporter reporter = reporter(sink, COMMAND, HP, Duration.ofHours(1));
        reporter.started("cpu");
        CheckpointRef checkpoint = new CheckpointRef("file:///c/epoch-1/checkpoint.json", "abc", 1);
        reporter.epochCompleted(new EpochResult(1, 0.5, 0.6, 0.8, 0.7, null, null, 0.01, 12, 100),
                new Progress(100, 300, 0, 1, 3, 100_000_000L), checkpoint);
        JobProgressEvent running = sink.progress().get(1);
        assertEquals(JobStatus.RUNNING, running.status());
        assertEquals(checkpoint, running.checkpoint());
    }

    @Test
    void aPauseReportsTheCheckpointAndNoLineage() {
        RecordingSink sink = new RecordingSink();
        JobReporter reporter = reporter(sink, COMMAND, HP, Duration.ofHours(1));
        reporter.started("cpu");
        int lineageBefore = lineage(sink).size();
        CheckpointRef checkpoint = new CheckpointRef("file:///c/epoch-2/checkpoint.json", "abc", 2);
        reporter.paused(TrainingResult.paused(List.of(), 2, 83, checkpoint, 66.666));
        reporter.awaitDelivery();
        JobProgressEvent paused = sink.progress().get(sink.progress().size() - 1);
        assertEquals(JobStatus.PAUSED, paused.status());
        assertEquals(checkpoint, paused.checkpoint());
        assertEquals(2, paused.currentEpoch());
        assertEquals(66.67, paused.progressPercent());
        assertEquals(lineageBefore, lineage(sink).size(), "the run is not over: no lineage event");
    }

    @Test
    void aDrainingWorkerHandsTheJobBackQueuedWithItsCheckpointAndNoLineage() {
        RecordingSink sink = new RecordingSink();
        JobReporter reporter = reporter(sink, COMMAND, HP, Duration.ofHours(1));
        reporter.started("cpu");
        int lineageBefore = lineage(sink).size();
        CheckpointRef checkpoint = new CheckpointRef("file:///c/epoch-1/checkpoint.json", "abc", 1);
        reporter.handedBack(checkpoint, 1, 33.333);
        reporter.awaitDelivery();
        JobProgressEvent back = sink.progress().get(sink.progress().size() - 1);
        assertEquals(JobStatus.QUEUED, back.status());
        assertEquals(checkpoint, back.checkpoint());
        assertEquals(1, back.currentEpoch());
        assertEquals(33.33, back.progressPercent());
        assertEquals(lineageBefore, lineage(sink).size(), "the run goes on elsewhere: no lineage event");

        RecordingSink untouched = new RecordingSink();
        reporter(untouched, COMMAND, HP, Duration.ofHours(1)).handedBack(null, 0, null);
        JobProgressEvent unstarted = untouched.progress().get(0);
        assertEquals(JobStatus.QUEUED, unstarted.status(), "a command that arrived while draining goes back unstarted");
        assertNull(unstarted.checkpoint());
        assertEquals(0.0, unstarted.progressPercent());
    }

    @Test
    void aResumedJobReportsRunningLineageAndContinuesTheProgress() {
        RecordingSink sink = new RecordingSink();
        CheckpointRef checkpoint = new CheckpointRef("file:///c/epoch-2/checkpoint.json", "abc", 2);
        StartTrainingCommand resume = StartTrainingCommand.firstRun(COMMAND.jobId(), COMMAND.jobName(),
                COMMAND.modelFamily(), COMMAND.dataset(), HP, 0.2, Instant.now(), "job", JobPriority.NORMAL, TestTokens.TENANT)
                .resumingFrom(checkpoint);
        JobReporter reporter = reporter(sink, resume, HP, Duration.ofHours(1));
        reporter.started("cpu");
        List<OpenLineage.RunEvent> lineage = lineage(sink);
        assertEquals(1, lineage.size());
        assertEquals(OpenLineage.EventType.RUNNING, lineage.get(0).eventType(), "one START per run: RUNNING now");
        @SuppressWarnings("unchecked")
        Map<String, Object> facet = (Map<String, Object>) lineage.get(0).run().facets().get("trainyard_resume");
        assertEquals(2, facet.get("resumed_after_epoch"));
        JobProgressEvent running = sink.progress().get(0);
        assertEquals(2, running.currentEpoch());
        assertEquals(66.67, running.progressPercent());
        assertEquals(2, reporter.completedEpochs());
    }

    static List<OpenLineage.RunEvent> lineage(RecordingSink sink) {
        return sink.sent.stream().filter(OpenLineage.RunEvent.class::isInstance).map(OpenLineage.RunEvent.class::cast)
                .toList();
    }

    @Test
    void undeliverableEventsSurfaceAsReportingException() {
        RecordingSink sink = new RecordingSink();
        sink.failing = true;
        JobReporter reporter = reporter(sink, COMMAND, HP, Duration.ofHours(1));
        assertThrows(ReportingException.class, () -> {
            reporter.started("cpu");
            reporter.failed("boom");
            reporter.awaitDelivery();
        });
    }
}
