package io.trainyard.worker.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.trainyard.contracts.DatasetRef;
import io.trainyard.contracts.EventTypes;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.StartTrainingCommand;
import io.trainyard.contracts.TaskType;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.support.files.Checksums;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker against a real Kafka broker with real DJL training: commands in, progress, metrics and
 * lineage out, as job-api, metrics-service and lineage-service will see them.
 */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class TrainingFlowTest extends FlowSupport {
    @Test
    void theWorkerSendsHeartbeatsWithItsSlots() {
        // Heartbeats go out every 5 s from 2 s after start: the first lands within the timeout.
        var heartbeats = companion.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(HEARTBEATS, 1).awaitCompletion(Duration.ofSeconds(30));
        var record = heartbeats.getFirstRecord();
        assertEquals("io.trainyard.worker.heartbeat.v1",
                new String(record.headers().lastHeader("ce_type").value(), java.nio.charset.StandardCharsets.UTF_8));
        var body = readTree(record.value());
        assertEquals(2, body.get("slots").asInt()); // %test.trainyard.worker.max-concurrent-jobs
        assertEquals(WORKER_ID, record.key());
        assertEquals(WORKER_ID, body.get("worker_id").asText());
    }

    @Test
    void aHeartbeatFollowsEachStartAndFinishOfAJob() throws Exception {
        UUID jobId = UUID.randomUUID();
        send(command(jobId, "heartbeat-iris", "mlp_classifier",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                new Hyperparameters(5, 16, 0.01, List.of(8), 1)));
        assertEquals("succeeded", awaitOutcome(jobId).get("status").asText());

        // The scheduled beat comes once an hour in tests (application.properties), so these two come from
        // the start and the finish: one that lists the job, then a later one that no longer does.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Boolean> listsTheJob = events.getRecords().stream().filter(r -> r.topic().equals(HEARTBEATS))
                    .map(r -> readTree(r.value()).get("running_jobs").toString().contains(jobId.toString()))
                    .toList();
            int started = listsTheJob.indexOf(true);
            assertTrue(started >= 0, "no heartbeat listed the running job: " + listsTheJob);
            assertTrue(listsTheJob.subList(started, listsTheJob.size()).contains(false),
                    "no heartbeat after the finish: " + listsTheJob);
        });
    }

    @Test
    void twoSlotsTrainTwoJobsAtOnceAndCommandsForOtherWorkersAreSkipped() throws Exception {
        DatasetRef iris = dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION,
                IRIS_COLUMNS);
        UUID elsewhere = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        sendTo("another-worker", command(elsewhere, "not-ours", "mlp_classifier", iris,
                new Hyperparameters(5, 16, 0.01, List.of(8), 1)), 1);
        send(command(first, "slot-a", "mlp_classifier", iris, new Hyperparameters(400, 8, 0.01, List.of(32), 1)));
        send(command(second, "slot-b", "mlp_classifier", iris, new Hyperparameters(400, 8, 0.01, List.of(32), 1)));

        // Both run at the same time: each reports running before either has finished.
        await().atMost(OUTCOME_TIMEOUT).until(() -> running(first) && running(second));
        JsonNode a = awaitOutcome(first);
        JsonNode b = awaitOutcome(second);
        assertEquals("succeeded", a.get("status").asText(), a.toString());
        assertEquals("succeeded", b.get("status").asText(), b.toString());
        assertEquals(WORKER_ID, a.get("worker_id").asText());
        // Commands are read in order: the one before ours was skipped, not trained.
        assertTrue(records(PROGRESS, elsewhere).isEmpty(), "a command for another worker was trained here");
    }

    private boolean running(UUID jobId) {
        return records(PROGRESS, jobId).stream().anyMatch(r -> readTree(r.value()).get("status").asText()
                .equals("running")) && records(PROGRESS, jobId).stream().noneMatch(r -> !readTree(r.value())
                .get("status").asText().equals("running"));
    }

    @Test
    void irisTrainsToHighAccuracyWithOrderedEvents() throws Exception {
        UUID jobId = UUID.randomUUID();
        UUID datasetId = UUID.randomUUID();
        StartTrainingCommand command = command(jobId, "iris-species", "mlp_classifier",
                dataset(datasetId, "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                new Hyperparameters(60, 16, 0.01, List.of(16), 42));
        send(command);

        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
        JsonNode metrics = outcome.get("final_metrics");
        double valAccuracy = metrics.get("val_accuracy").asDouble();
        System.out.printf("iris: %s%n", metrics);
        assertTrue(valAccuracy >= 0.9, "val_accuracy " + valAccuracy);
        for (String name : List.of("train_accuracy", "val_loss", "train_loss")) {
            assertTrue(metrics.has(name), name);
        }
        assertEquals("cpu()", outcome.get("device").asText());

        // The model artifact: params file with the reported checksum, model.json next to it.
        Path params = Path.of(URI.create(outcome.get("model_uri").asText()));
        assertTrue(params.startsWith(Path.of("target/test-artifacts/models", jobId.toString()).toAbsolutePath()),
                params.toString());
        assertEquals(Checksums.sha256(params), outcome.get("model_checksum").asText());
        JsonNode descriptor = json.readTree(params.resolveSibling("model.json").toFile());
        assertEquals(1, descriptor.get("format_version").asInt());
        assertEquals("mlp_classifier", descriptor.get("model_family").asText());
        assertEquals(List.of("setosa", "versicolor", "virginica"),
                json.convertValue(descriptor.at("/target/class_labels"), List.class));
        assertEquals(4, descriptor.get("input_width").asInt());
        assertEquals(params.getFileName().toString(), descriptor.get("params_file").asText());
        assertEquals(outcome.get("model_checksum").asText(), descriptor.get("params_sha256").asText());
        assertEquals(List.of(16), json.convertValue(descriptor.at("/hyperparameters/hidden_layers"), List.class));
        assertEquals(TENANT, descriptor.get("tenant").asText());

        // The rest of the outcome: evaluation of the kept (here: last) epoch, size and why it stopped.
        assertEquals("completed", outcome.get("stop_reason").asText());
        assertEquals(60, outcome.get("best_epoch").asInt());
        assertEquals(60, outcome.get("current_epoch").asInt());
        assertEquals(4 * 16 + 16 + 16 * 3 + 3, outcome.get("parameter_count").asLong());
        assertEquals(descriptor.get("parameter_count").asLong(), outcome.get("parameter_count").asLong());
        JsonNode evaluation = outcome.get("evaluation");
        assertEquals(valAccuracy, evaluation.get("accuracy").asDouble(), 1e-12);
        assertEquals(evaluation.get("macro_f1").asDouble(), metrics.get("val_macro_f1").asDouble(), 1e-12);
        long validationRows = 0;
        long diagonal = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                long count = evaluation.at("/confusion_matrix/counts/" + i + "/" + j).asLong();
                validationRows += count;
                diagonal += i == j ? count : 0;
            }
        }
        assertEquals(30, validationRows, "every validation row once");
        assertEquals(evaluation.get("accuracy").asDouble(), (double) diagonal / validationRows, 1e-12);
        assertFalse(evaluation.has("roc_auc"), "three classes");
        assertFalse(evaluation.has("rmse"));

        // One metrics event per epoch, in order, classification fields only.
        List<ConsumerRecord<String, String>> epochRecords = records(METRICS, jobId);
        assertEquals(60, epochRecords.size());
        for (int i = 0; i < 60; i++) {
            ConsumerRecord<String, String> record = epochRecords.get(i);
            JsonNode epoch = json.readTree(record.value());
            assertEquals(i + 1, epoch.get("epoch").asInt());
            assertEquals(60, epoch.get("total_epochs").asInt());
            assertEquals(0.01, epoch.get("learning_rate").asDouble(), 1e-9);
            assertTrue(epoch.get("samples_per_second").asDouble() > 0, epoch.toString());
            for (String name : List.of("train_loss", "val_loss", "train_accuracy", "val_accuracy",
                    "epoch_duration_ms")) {
                assertTrue(epoch.has(name), name + " in " + epoch);
            }
            assertFalse(epoch.has("val_rmse"));
            assertCloudEvent(record, jobId, EventTypes.EPOCH_METRICS, TENANT);
        }

        // Progress: running from 0 up to 100 %, then exactly one terminal event, last.
        List<JsonNode> progress = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(PROGRESS, jobId)) {
            JsonNode event = json.readTree(record.value());
            assertCloudEvent(record, jobId, EventTypes.forStatus(
                    io.trainyard.contracts.JobStatus.fromWire(event.get("status").asText())), TENANT);
            progress.add(event);
        }
        assertEquals("running", progress.get(0).get("status").asText());
        assertEquals(0.0, progress.get(0).get("progress_percent").asDouble());
        List<JsonNode> running = progress.subList(0, progress.size() - 1);
        // At the start, after the first and the last epoch, and in between at most about twice a second.
        assertTrue(running.size() >= 3, "running events at the start, after epoch 1 and after the last epoch");
        assertEquals(1, running.get(1).get("current_epoch").asInt());
        double previous = -1;
        for (JsonNode event : running) {
            assertEquals("running", event.get("status").asText());
            assertEquals("cpu()", event.get("device").asText());
            double percent = event.get("progress_percent").asDouble();
            assertTrue(percent >= previous, "progress never goes back: " + previous + " -> " + percent);
            previous = percent;
        }
        assertEquals(100.0, previous);
        assertEquals(60, running.get(running.size() - 1).get("current_epoch").asInt());
        assertNotNull(running.get(running.size() - 1).get("eta_seconds"));

        // Lineage: START, then COMPLETE with the model as output, camelCase per the OpenLineage spec.
        List<JsonNode> lineage = lineage(jobId);
        assertEquals(List.of("START", "COMPLETE"), lineage.stream().map(e -> e.get("eventType").asText()).toList());
        JsonNode start = lineage.get(0);
        assertEquals(jobId.toString(), start.at("/run/runId").asText());
        assertEquals("trainyard", start.at("/job/namespace").asText());
        assertEquals("iris-species", start.at("/job/name").asText());
        assertEquals(io.trainyard.contracts.OpenLineage.SCHEMA_URL, start.get("schemaURL").asText());
        assertEquals(io.trainyard.contracts.OpenLineage.PRODUCER, start.get("producer").asText());
        Instant.parse(start.get("eventTime").asText());
        JsonNode input = start.at("/inputs/0");
        assertEquals("datasets/" + datasetId, input.get("name").asText());
        assertEquals(5, input.at("/facets/schema/fields").size());
        assertEquals("species", input.at("/facets/schema/fields/4/name").asText());
        assertEquals("categorical", input.at("/facets/schema/fields/4/type").asText());
        assertTrue(input.at("/facets/schema/_producer").isTextual());
        assertTrue(input.at("/facets/schema/_schemaURL").isTextual());
        assertEquals(Checksums.sha256(IRIS), input.at("/facets/trainyard_dataset/sha256").asText());
        assertEquals(IRIS.toUri().toString(), input.at("/facets/trainyard_dataset/uri").asText());
        assertEquals(150, input.at("/facets/trainyard_dataset/row_count").asInt());
        assertEquals("1", input.at("/facets/version/datasetVersion").asText(), "OpenLineage's dataset version facet");
        JsonNode complete = lineage.get(1);
        assertEquals(input, complete.at("/inputs/0"));
        JsonNode output = complete.at("/outputs/0");
        assertEquals("models/" + jobId, output.get("name").asText());
        assertEquals(outcome.get("model_uri").asText(), output.at("/facets/trainyard_model/uri").asText());
        assertEquals(outcome.get("model_checksum").asText(), output.at("/facets/trainyard_model/sha256").asText());
        // Every event of the job names its tenant, in the ce_tenant header and in the payload.
        for (ConsumerRecord<String, String> lineageRecord : records(LINEAGE, jobId)) {
            assertCloudEvent(lineageRecord, jobId, EventTypes.LINEAGE_RUN_EVENT, TENANT);
        }
        assertFalse(records(LOGS, jobId).isEmpty());
        for (ConsumerRecord<String, String> logRecord : records(LOGS, jobId)) {
            assertCloudEvent(logRecord, jobId, EventTypes.JOB_LOG, TENANT);
        }
    }

    @Test
    void autoMpgRegressionBeatsTheSpreadOfTheTarget() throws Exception {
        UUID jobId = UUID.randomUUID();
        send(command(jobId, "auto-mpg", "mlp_regressor",
                dataset(UUID.randomUUID(), "cars", CARS, 392, "mpg", TaskType.REGRESSION, CARS_COLUMNS),
                new Hyperparameters(60, 16, 0.005, List.of(32, 16), 42)));

        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("succeeded", outcome.get("status").asText(), outcome.toString());
        JsonNode metrics = outcome.get("final_metrics");
        System.out.printf("auto mpg: %s%n", metrics);
        double rmse = metrics.get("val_rmse").asDouble();
        assertTrue(rmse < metrics.get("target_std").asDouble(), "val_rmse " + rmse + " vs std of mpg");
        assertTrue(rmse < metrics.get("val_baseline_rmse").asDouble(), "beats predicting the mean");
        for (String name : List.of("val_mae", "val_loss", "train_loss")) {
            assertTrue(metrics.has(name), name);
        }

        List<ConsumerRecord<String, String>> epochs = records(METRICS, jobId);
        assertEquals(60, epochs.size());
        JsonNode last = json.readTree(epochs.get(59).value());
        assertEquals(rmse, last.get("val_rmse").asDouble(), 1e-9);
        assertFalse(last.has("val_accuracy"));

        JsonNode descriptor = json.readTree(Path.of(URI.create(outcome.get("model_uri").asText()))
                .resolveSibling("model.json").toFile());
        assertEquals(List.of("Europe", "Japan", "USA"), json.convertValue(descriptor.at("/features/6/categories"),
                List.class));
        assertEquals(9, descriptor.get("input_width").asInt(), "6 numeric inputs and 3 origins");
        assertTrue(descriptor.at("/target/std").asDouble() > 0);

        JsonNode evaluation = outcome.get("evaluation");
        assertEquals(rmse, evaluation.get("rmse").asDouble(), 1e-4, "the same model, evaluated in double precision");
        assertEquals(metrics.get("val_mae").asDouble(), evaluation.get("mae").asDouble(), 1e-4);
        assertEquals(evaluation.get("r2").asDouble(), metrics.get("val_r2").asDouble(), 1e-12);
        assertTrue(evaluation.get("r2").asDouble() > 0.7, evaluation.toString());
        assertFalse(evaluation.has("accuracy"));
    }

    @Test
    void cancellingARunningJobStopsIt() throws Exception {
        UUID jobId = UUID.randomUUID();
        // Far more work than the test waits for: only a cancel can end it in time.
        send(command(jobId, "too-long", "mlp_regressor",
                dataset(UUID.randomUUID(), "cars", CARS, 392, "mpg", TaskType.REGRESSION, CARS_COLUMNS),
                new Hyperparameters(1000, 1, 0.001, List.of(32, 16), 7)));
        await().atMost(OUTCOME_TIMEOUT).until(() -> !records(METRICS, jobId).isEmpty());

        // The control consumer only reads new cancels; repeat until the worker saw it (cancel is idempotent).
        JsonNode outcome = awaitOutcome(jobId, () -> sendCancel(jobId));
        assertEquals("cancelled", outcome.get("status").asText(), outcome.toString());
        int stoppedAt = outcome.get("current_epoch").asInt();
        assertTrue(stoppedAt >= 1 && stoppedAt < 1000, "stopped mid-training at epoch " + stoppedAt);
        assertEquals(stoppedAt, records(METRICS, jobId).size(), "no epoch reported after the cancel");
        assertEquals(List.of("START", "ABORT"), lineage(jobId).stream().map(e -> e.get("eventType").asText())
                .toList());
        // Only the attempt marker the worker wrote as it started (JobAttempts) may be in the job's folder.
        assertFalse(Files.exists(Path.of("target/test-artifacts/models", jobId.toString(), "model.json")),
                "no model saved");
    }

    @Test
    void aCancelThatArrivesFirstSkipsTraining() throws Exception {
        UUID jobId = UUID.randomUUID();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            sendCancel(jobId);
            return runningJobs.isCancelled(jobId);
        });
        send(command(jobId, "cancelled-early", "mlp_classifier",
                dataset(UUID.randomUUID(), "iris", IRIS, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                new Hyperparameters(5, 16, 0.01, List.of(16), 42)));

        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("cancelled", outcome.get("status").asText());
        assertEquals(0, outcome.get("current_epoch").asInt());
        assertEquals(1, records(PROGRESS, jobId).size(), "never reported running");
        assertTrue(records(METRICS, jobId).isEmpty());
        assertEquals(List.of("ABORT"), lineage(jobId).stream().map(e -> e.get("eventType").asText()).toList());
    }

    @Test
    void wrongChecksumFailsTheJobWithAReadableMessage() throws Exception {
        UUID jobId = UUID.randomUUID();
        DatasetRef tampered = new DatasetRef(UUID.randomUUID(), "iris", IRIS.toUri().toString(), "0".repeat(64), 150,
                "species", TaskType.CLASSIFICATION, IRIS_COLUMNS);
        send(command(jobId, "bad-checksum", "mlp_classifier", tampered,
                new Hyperparameters(5, 16, 0.01, List.of(16), 42)));

        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("failed", outcome.get("status").asText());
        String message = outcome.get("error_message").asText();
        assertTrue(message.contains("checksum") && message.contains("0".repeat(64)), message);

        List<JsonNode> lineage = lineage(jobId);
        assertEquals(List.of("START", "FAIL"), lineage.stream().map(e -> e.get("eventType").asText()).toList());
        assertEquals(message, lineage.get(1).at("/run/facets/errorMessage/message").asText());
        assertEquals("java", lineage.get(1).at("/run/facets/errorMessage/programmingLanguage").asText());
        assertTrue(records(DLQ, jobId).isEmpty(), "a failed job is reported, not dead-lettered");
    }

    @Test
    void unreadableRowFailsTheJobNamingTheLine() throws Exception {
        Path csv = Files.createDirectories(Path.of("target/test-data")).resolve("broken-" + UUID.randomUUID() + ".csv")
                .toAbsolutePath();
        List<String> lines = new ArrayList<>(Files.readAllLines(IRIS));
        lines.set(41, "5.0,oops,1.3,0.3,setosa"); // line 42 of the file
        Files.write(csv, lines);
        UUID jobId = UUID.randomUUID();
        send(command(jobId, "broken-row", "mlp_classifier",
                dataset(UUID.randomUUID(), "broken", csv, 150, "species", TaskType.CLASSIFICATION, IRIS_COLUMNS),
                new Hyperparameters(5, 16, 0.01, List.of(16), 42)));

        JsonNode outcome = awaitOutcome(jobId);
        assertEquals("failed", outcome.get("status").asText());
        String message = outcome.get("error_message").asText();
        assertTrue(message.contains("line 42") && message.contains("sepal_width"), message);
    }

    @Test
    void poisonCommandsGoToTheDeadLetterTopic() {
        String notJson = "poison-" + UUID.randomUUID();
        String noJobId = "no-job-" + UUID.randomUUID();
        companion.produceStrings().fromRecords(
                new ProducerRecord<>(COMMANDS, notJson, "this is { not json"),
                new ProducerRecord<>(COMMANDS, noJobId, "{\"job_name\":\"nameless\"}")).awaitCompletion();

        await().atMost(OUTCOME_TIMEOUT).until(() -> events.getRecords().stream()
                .filter(r -> r.topic().equals(DLQ)).map(ConsumerRecord::key).toList()
                .containsAll(List.of(notJson, noJobId)));
        ConsumerRecord<String, String> dead = events.getRecords().stream()
                .filter(r -> r.topic().equals(DLQ) && notJson.equals(r.key())).findFirst().orElseThrow();
        assertEquals("this is { not json", dead.value());
        assertNotNull(dead.headers().lastHeader("dead-letter-reason"));
    }

    @Test
    void readinessIncludesTheTrainingEngine() {
        await().atMost(OUTCOME_TIMEOUT).untilAsserted(() -> RestAssured.get("/q/health/ready").then()
                .statusCode(200).body("checks.name", hasItem("training-engine")));
    }
}
