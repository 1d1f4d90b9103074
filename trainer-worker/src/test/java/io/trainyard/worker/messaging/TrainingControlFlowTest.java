package io.trainyard.worker.messaging;

import io.trainyard.devstack.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.contracts.CheckpointRef;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.JobPriority;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.artifacts.FilesystemArtifactStore;
import io.trainyard.support.files.Checksums;
import io.trainyard.worker.TestData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pause and resume, early stopping and learning-rate schedules through Kafka, the control topic's dispatch on
 * {@code ce_type}, and commands that come back after their job moved on.
 */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class TrainingControlFlowTest extends FlowSupport {

    @Test
    void aPausedJobResumesFromItsCheckpointWithAnUnbrokenSeries() throws Exception {
        UUID jobId = UUID.randomUUID();
        // Batches of one row: a few hundred steps per epoch, slow enough to pause in the middle of the job.
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_REGRESSOR,
                Map.of("epochs", 60, "batch_size", 1, "learning_rate", 0.001, "seed", 3));
        StartTrainingCommand start = StartTrainingCommand.firstRun(jobId, "pausable", "mlp_regressor",
                dataset(UUID.randomUUID(), "cars", CARS, 392, "mpg", TaskType.REGRESSION, CARS_COLUMNS), hp, 0.2,
                Instant.now(), "pausable-model", JobPriority.NORMAL, TestTokens.TENANT);
        send(start);
        await().atMost(OUTCOME_TIMEOUT).until(() -> records(METRICS, jobId).size() >= 2);

        // The control consumer only reads new commands: repeat until the worker saw it.
        JsonNode paused = awaitStatus(jobId, "paused", () -> sendPause(jobId));
        ConsumerRecord<String, String> pausedRecord = records(PROGRESS, jobId).stream()
                .filter(r -> r.value().contains("\"paused\"")).findFirst().orElseThrow();
        assertCloudEvent(pausedRecord, jobId, EventTypes.JOB_PAUSED);
        CheckpointRef checkpoint = json.treeToValue(paused.get("checkpoint"), CheckpointRef.class);
        int pausedAt = checkpoint.epoch();
        assertTrue(pausedAt >= 2 && pausedAt < 60, "paused mid-job after epoch " + pausedAt);
        assertEquals(pausedAt, paused.get("current_epoch").asInt());
        assertEquals(100.0 * pausedAt / 60, paused.get("progress_percent").asDouble(), 0.01);
        Path manifest = Path.of(URI.create(checkpoint.uri()));
        assertTrue(manifest.startsWith(Path.of("target/test-artifacts/checkpoints", jobId.toString(),
                "epoch-" + pausedAt).toAbsolutePath()), manifest.toString());
        assertEquals(Checksums.sha256(manifest), checkpoint.sha256(), "the checksum covers checkpoint.json");
        JsonNode state = json.readTree(manifest.toFile());
        assertEquals(pausedAt, state.get("epoch").asInt());
        assertEquals("pause", state.get("reason").asText());
        assertEquals(Checksums.sha256(manifest.resolveSibling("weights.params")),
                state.at("/files/weights/sha256").asText(), "and checkpoint.json covers the weights");
        // Give a late epoch event the chance to show up: there must be none after the pause.
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertEquals(IntStream.rangeClosed(1, pausedAt).boxed().toList(), epochs(jobId));
        assertEquals(List.of("START"), lineageTypes(jobId), "no lineage event for a pause: the run goes on");

        // Resumed (as job-api does it: the same command with resume_from, as the job's second dispatch).
        sendTo(WORKER_ID, StartTrainingCommand.firstRun(jobId, "pausable", "mlp_regressor", start.dataset(), hp, 0.2,
                Instant.now(), "pausable-model", JobPriority.NORMAL, TestTokens.TENANT).resumingFrom(checkpoint), 2);
        JsonNode outcome = awaitStatus(jobId, "succeeded", () -> {
        });
        assertEquals(60, outcome.get("current_epoch").asInt());
        assertEquals(IntStream.rangeClosed(1, 60).boxed().toList(), epochs(jobId), "no gap, no repeat");

        List<JsonNode> events = progress(jobId);
        int pausedIndex = events.indexOf(paused);
        JsonNode resumedStart = events.get(pausedIndex + 1);
        assertEquals("running", resumedStart.get("status").asText());
        assertEquals(pausedAt, resumedStart.get("current_epoch").asInt(), "the resumed run starts where it paused");
        double previous = -1;
        for (JsonNode event : events) {
            double percent = event.get("progress_percent").asDouble();
            assertTrue(percent >= previous, "progress never goes back: " + previous + " -> " + percent);
            previous = percent;
        }
        assertEquals(List.of("START", "RUNNING", "COMPLETE"), lineageTypes(jobId));
        JsonNode running = lineage(jobId).get(1);
        assertEquals(pausedAt, running.at("/run/facets/trainyard_resume/resumed_after_epoch").asInt());
        assertEquals(checkpoint.uri(), running.at("/run/facets/trainyard_resume/checkpoint_uri").asText());
        assertFalse(Files.exists(Path.of("target/test-artifacts/checkpoints", jobId.toString())),
                "a succeeded job's checkpoints are deleted");
    }

    @Test
    void aJobGivenToAnotherWorkerStopsHereWithoutReportingAnOutcome() throws Exception {
        UUID jobId = UUID.randomUUID();
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_REGRESSOR,
                Map.of("epochs", 500, "batch_size", 1, "seed", 5));
        DatasetRef cars = dataset(UUID.randomUUID(), "cars", CARS, 392, "mpg", TaskType.REGRESSION, CARS_COLUMNS);
        StartTrainingCommand run = StartTrainingCommand.firstRun(jobId, "taken-away", "mlp_regressor", cars, hp, 0.2,
                Instant.now(), "taken-away", JobPriority.NORMAL, TestTokens.TENANT);
        sendTo(WORKER_ID, run, 2);
        await().atMost(OUTCOME_TIMEOUT).until(() -> records(METRICS, jobId).size() >= 1);

        // The outbox re-sends the job's first dispatch, to the worker that had it then: older than ours, ignored.
        sendTo("first-worker", run, 1);
        // The scheduler took this worker for lost and dispatched the job again, to another worker.
        sendTo("rescuer-worker", run, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> records(LOGS, jobId).stream().anyMatch(r ->
                readTree(r.value()).get("message").asText().contains("gave the job to worker rescuer-worker")));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<ConsumerRecord<String, String>> beats = events.getRecords().stream()
                    .filter(r -> r.topic().equals(HEARTBEATS)).toList();
            return !beats.isEmpty() && !beats.get(beats.size() - 1).value().contains(jobId.toString());
        });

        // The job's status, lineage run and metrics are the rescuer's now: nothing ends them from here, and the
        // run here has stopped (no epoch after the stop; 500 epochs take minutes).
        assertTrue(progress(jobId).stream().allMatch(p -> "running".equals(p.get("status").asText())),
                () -> "an outcome was reported: " + progress(jobId));
        assertTrue(lineage(jobId).stream().map(e -> e.get("eventType").asText()).noneMatch(
                type -> List.of("COMPLETE", "FAIL", "ABORT").contains(type)), () -> "lineage: " + lineage(jobId));
        int epochsAtStop = records(METRICS, jobId).size();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> records(METRICS, jobId).size() == epochsAtStop);
        assertTrue(epochsAtStop < 500, "stopped early: " + epochsAtStop);
        assertTrue(records(LOGS, jobId).stream().noneMatch(r -> r.value().contains("first-worker")),
                "the re-sent first dispatch stopped the run");
    }

    @Test
    void aCheckpointThatDoesNotMatchItsChecksumFailsTheResume() throws Exception {
        UUID jobId = UUID.randomUUID();
        Path fake = Files.createDirectories(Path.of("target/test-artifacts/checkpoints", jobId.toString(), "epoch-2"))
                .resolve("checkpoint.json").toAbsolutePath();
        Files.writeString(fake, "{\"format_version\": 1, \"epoch\": 2}");
        CheckpointRef tampered = new CheckpointRef(fake.toUri().toString(), "0".repeat(64), 2);
        send(StartTrainingCommand.firstRun(jobId, "tampered", "mlp_classifier",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("epochs", 5)), 0.2, Instant.now(),
                "tampered", JobPriority.NORMAL, TestTokens.TENANT).resumingFrom(tampered));

        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("failed", outcome.get("status").asText());
        String message = outcome.get("error_message").asText();
        assertTrue(message.contains("checkpoint checksum mismatch") && message.contains("0".repeat(64)), message);
        assertTrue(records(METRICS, jobId).isEmpty());
        assertEquals(List.of("RUNNING", "FAIL"), lineageTypes(jobId), "a resumed run never STARTs again");
    }

    @Test
    void aPauseForAJobNotRunningHereIsDroppedAndUnknownControlTypesAreDeadLettered() throws Exception {
        UUID jobId = UUID.randomUUID();
        sendPause(jobId);
        // A record of an unknown type on the same key (same partition, so it is handled after the pause).
        produce(CONTROL, jobId, "io.trainyard.training.command.explode.v1", "{\"job_id\":\"" + jobId + "\"}");
        await().atMost(OUTCOME_TIMEOUT).until(() -> !records(DLQ, jobId).isEmpty());
        ConsumerRecord<String, String> dead = records(DLQ, jobId).get(0);
        assertTrue(header(dead, "dead-letter-reason").contains("explode"), header(dead, "dead-letter-reason"));

        // The pause was handled before the job existed here: unlike a cancel, it is not remembered.
        send(StartTrainingCommand.firstRun(jobId, "not-paused", "logistic_regression",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                TestData.hyperparameters(ModelFamily.LOGISTIC_REGRESSION, Map.of("epochs", 5)), 0.2,
                Instant.now(), "not-paused", JobPriority.NORMAL, TestTokens.TENANT));
        assertEquals("succeeded", awaitOutcome(jobId).get("status").asText());
    }

    @Test
    void earlyStoppingStopsBeforeTheLastEpochAndKeepsTheBestOne() throws Exception {
        UUID jobId = UUID.randomUUID();
        send(StartTrainingCommand.firstRun(jobId, "early", "mlp_classifier",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("epochs", 300, "learning_rate", 0.05,
                        "early_stopping_patience", 3)), 0.2, Instant.now(), "early", JobPriority.NORMAL, TestTokens.TENANT));
        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
        assertEquals("early_stopping", outcome.get("stop_reason").asText());
        int last = outcome.get("current_epoch").asInt();
        int best = outcome.get("best_epoch").asInt();
        assertTrue(last < 300, "stopped after epoch " + last);
        assertEquals(last - 3, best);
        List<JsonNode> series = epochMetrics(jobId);
        assertEquals(last, series.size());
        double minimum = series.stream().mapToDouble(e -> e.get("val_loss").asDouble()).min().orElseThrow();
        assertEquals(minimum, outcome.at("/final_metrics/val_loss").asDouble(), "the kept model's val loss");
        assertEquals(series.get(best - 1).get("val_loss").asDouble(), minimum);
        assertEquals(series.get(best - 1).get("val_accuracy").asDouble(), outcome.at("/evaluation/accuracy")
                .asDouble(), 1e-12, "the evaluation used the best epoch's weights");
        JsonNode model = json.readTree(Path.of(URI.create(outcome.get("model_uri").asText()))
                .resolveSibling("model.json").toFile());
        assertEquals(best, model.get("kept_epoch").asInt());
    }

    @Test
    void sgdWithAStepScheduleReportsEachEpochsLearningRate() throws Exception {
        UUID jobId = UUID.randomUUID();
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_CLASSIFIER, Map.of("optimizer", "sgd",
                "momentum", 0.9, "learning_rate", 0.05, "lr_schedule", "step", "lr_step_size", 5, "lr_gamma", 0.5,
                "epochs", 20));
        send(StartTrainingCommand.firstRun(jobId, "sgd-step", "mlp_classifier",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS), hp,
                0.2, Instant.now(), "sgd-step", JobPriority.NORMAL, TestTokens.TENANT));
        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
        assertTrue(outcome.at("/final_metrics/val_accuracy").asDouble() >= 0.9, outcome.toString());
        List<JsonNode> series = epochMetrics(jobId);
        assertEquals(20, series.size());
        for (JsonNode epoch : series) {
            assertEquals(hp.learningRateAt(epoch.get("epoch").asInt()), epoch.get("learning_rate").asDouble(), 1e-12,
                    epoch.toString());
        }
        assertEquals(0.05 * 0.125, series.get(19).get("learning_rate").asDouble(), 1e-12);
    }

    @Test
    void aCommandThatComesBackAfterItsJobMovedOnIsAcknowledgedWithoutTraining() throws Exception {
        // A finished job's command reports the stored outcome again under its event ids; a stale one says nothing.
        DatasetRef iris = dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION,
                IRIS_COLUMNS);
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.LOGISTIC_REGRESSION, Map.of("epochs", 3));
        UUID done = UUID.randomUUID();
        StartTrainingCommand doneRun = StartTrainingCommand.firstRun(done, "comes-back", "logistic_regression", iris,
                hp, 0.2, Instant.now(), "comes-back", JobPriority.NORMAL, TestTokens.TENANT);
        sendTo(WORKER_ID, doneRun, 1);
        assertEquals("succeeded", awaitOutcome(done).get("status").asText());
        // Delivered again, as after a broker outage that kept its offset from being committed: the outcome is stored.
        awaitAcknowledged(sendTo(WORKER_ID, doneRun, 1));

        // Replayed by this worker restarted under its id, after the job was requeued and started elsewhere.
        UUID moved = UUID.randomUUID();
        new FilesystemArtifactStore(Path.of("target/test-artifacts"))
                .put("models/" + moved + "/attempts/3", "rescuer-worker".getBytes(StandardCharsets.UTF_8));
        awaitAcknowledged(sendTo(WORKER_ID, StartTrainingCommand.firstRun(moved, "moved-on", "logistic_regression",
                iris, hp, 0.2, Instant.now(), "moved-on", JobPriority.NORMAL, TestTokens.TENANT), 2));

        assertEquals(List.of("START", "COMPLETE", "COMPLETE"), lineageTypes(done), "trained once, its end sent twice");
        var lineageRecords = records(LINEAGE, done);
        assertEquals(header(lineageRecords.get(1), "ce_id"), header(lineageRecords.get(2), "ce_id"),
                "under the same id, which consumers deduplicate");
        var outcomes = records(PROGRESS, done).stream()
                .filter(r -> !"running".equals(readTree(r.value()).get("status").asText())).toList();
        assertEquals(2, outcomes.size());
        assertEquals(header(outcomes.get(0), "ce_id"), header(outcomes.get(1), "ce_id"));
        assertEquals(readTree(outcomes.get(0).value()), readTree(outcomes.get(1).value()));
        assertEquals(List.of(1, 2, 3), epochs(done), "no epoch trained again");
        assertEquals(List.of(), progress(moved), "the stale command reports nothing");
        assertEquals(List.of(), lineage(moved));
    }

    private List<Integer> epochs(UUID jobId) {
        return epochMetrics(jobId).stream().map(e -> e.get("epoch").asInt()).toList();
    }

    private List<String> lineageTypes(UUID jobId) {
        return lineage(jobId).stream().map(e -> e.get("eventType").asText()).toList();
    }
}
