package io.trainyard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.trainyard.devstack.TrainyardClient;
import io.trainyard.devstack.TrainyardStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four services as separate processes, as deployed, on a real Kafka broker and real PostgreSQL
 * databases, training real models: what a product team sees through the REST API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class TrainyardEndToEndIT {
    private static final Path ROOT = SharedStack.ROOT;
    private static TrainyardStack stack;
    private static TrainyardClient api;
    private static String registeredModel;

    @BeforeAll
    static void connect(TrainyardStack shared) {
        stack = shared;
        api = stack.client();
    }

    @Test
    @Order(1)
    void irisTrainsToNinetyPercentWithMetricsAndLineageReadBackThroughTheApi() {
        String dataset = register("iris.csv", "species", "classification");
        JsonNode created = create("""
                {"name": "iris-e2e", "dataset_id": "%s", "model_family": "mlp_classifier"}""".formatted(dataset));
        String job = created.get("id").asText();
        assertEquals("queued", created.get("status").asText());
        assertEquals(120, created.get("train_rows").asInt());
        assertEquals(30, created.get("val_rows").asInt());

        JsonNode done = awaitJob(job, j -> j.get("status").asText().matches("succeeded|failed|cancelled"),
                Duration.ofMinutes(5));
        assertEquals("succeeded", done.get("status").asText(), () -> "job ended as " + done);
        double accuracy = done.get("final_metrics").get("val_accuracy").asDouble();
        assertTrue(accuracy >= 0.9, "Iris validation accuracy " + accuracy + " < 0.9");
        assertTrue(done.get("model_uri").asText().startsWith("file:"));
        assertEquals(64, done.get("model_checksum").asText().length());

        List<String> trail = new ArrayList<>();
        api.get("/api/v1/training/jobs/" + job + "/events").body().get("items")
                .forEach(e -> trail.add(e.get("type").asText()));
        assertEquals("created", trail.get(0));
        assertTrue(trail.contains("running"), "no running event in " + trail);
        assertEquals("succeeded", trail.get(trail.size() - 1));

        int epochs = created.get("hyperparameters").get("epochs").asInt();
        JsonNode metrics = awaitBody("/api/v1/training/jobs/" + job + "/metrics",
                m -> m.get("items").size() == epochs);
        for (int i = 0; i < epochs; i++) {
            JsonNode point = metrics.get("items").get(i);
            assertEquals(i + 1, point.get("epoch").asInt());
            assertTrue(point.get("train_loss").asDouble() > 0);
            assertTrue(point.hasNonNull("val_accuracy"));
        }

        JsonNode logs = awaitBody("/api/v1/training/jobs/" + job + "/logs", l -> l.get("items").size() >= 2);
        assertTrue(logs.get("items").get(0).get("message").asText().contains("started"), logs::toString);
        assertTrue(logs.toString().contains("succeeded"), logs::toString);

        JsonNode lineage = awaitBody("/api/v1/training/jobs/" + job + "/lineage",
                l -> "COMPLETE".equals(l.path("state").asText()));
        assertEquals(job, lineage.get("run_id").asText());
        assertEquals("datasets/" + dataset, lineage.get("inputs").get(0).get("name").asText());
        // The exact version of the dataset's name that the run read, as the job records it.
        assertEquals(done.get("dataset_version").asText(),
                lineage.get("inputs").get(0).at("/facets/version/datasetVersion").asText(), lineage::toString);
        assertEquals("models/" + job, lineage.get("outputs").get(0).get("name").asText());
    }

    @Test
    @Order(2)
    void autoMpgRegressionBeatsPredictingTheMean() throws IOException {
        String dataset = register("cars.csv", "mpg", "regression");
        String job = create("""
                {"name": "mpg-e2e", "dataset_id": "%s", "model_family": "mlp_regressor"}""".formatted(dataset))
                .get("id").asText();
        JsonNode done = awaitJob(job, j -> j.get("status").asText().matches("succeeded|failed|cancelled"),
                Duration.ofMinutes(5));
        assertEquals("succeeded", done.get("status").asText(), () -> "job ended as " + done);
        double rmse = done.get("final_metrics").get("val_rmse").asDouble();
        double std = standardDeviation(ROOT.resolve("samples/datasets/cars.csv"), "mpg");
        assertTrue(rmse < std, "validation RMSE " + rmse + " is not below the std of mpg " + std);
        JsonNode metrics = api.get("/api/v1/training/jobs/" + job + "/metrics").body().get("items");
        assertTrue(metrics.get(0).hasNonNull("val_rmse"));
    }

    @Test
    @Order(3)
    void aRunningJobIsCancelledWithinSecondsAndAFinishedOneCannotBe() {
        String dataset = register("penguins.csv", "species", "classification");
        String job = create("""
                {"name": "cancel-me", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 1000, "batch_size": 1}}""".formatted(dataset)).get("id").asText();
        awaitJob(job, j -> "running".equals(j.get("status").asText()) && j.get("current_epoch").asInt() >= 1,
                Duration.ofMinutes(3));
        var cancel = api.post("/api/v1/training/jobs/" + job + "/cancel", null);
        assertEquals(202, cancel.status(), () -> "cancel answered " + cancel.body());
        Instant asked = Instant.now();
        JsonNode done = awaitJob(job, j -> "cancelled".equals(j.get("status").asText()), Duration.ofSeconds(30));
        long seconds = Duration.between(asked, Instant.now()).toSeconds();
        assertTrue(seconds <= 10, "cancel took " + seconds + " s");
        assertTrue(done.get("current_epoch").asInt() < 1000);
        awaitBody("/api/v1/training/jobs/" + job + "/lineage", l -> "ABORT".equals(l.path("state").asText()));

        var again = api.post("/api/v1/training/jobs/" + job + "/cancel", null);
        assertEquals(409, again.status());
        assertEquals("application/problem+json", again.contentType());
    }

    @Test
    @Order(4)
    void badInputIsAProblemDocumentAndTheSameIdempotencyKeyMakesOneJob() {
        String dataset = register("iris.csv", "species", "classification");
        var bad = api.post("/api/v1/training/jobs", """
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": -1}}""".formatted(dataset));
        assertEquals(400, bad.status());
        assertEquals("application/problem+json", bad.contentType());
        assertEquals("hyperparameters.epochs", bad.body().get("errors").get(0).get("field").asText());

        String body = """
                {"name": "once", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 2}}""".formatted(dataset);
        String key = UUID.randomUUID().toString();
        var first = api.post("/api/v1/training/jobs", body, Map.of("Idempotency-Key", key));
        var second = api.post("/api/v1/training/jobs", body, Map.of("Idempotency-Key", key));
        assertEquals(first.body().get("id"), second.body().get("id"));
        long named = countJobsNamed("once");
        assertEquals(1, named);
        awaitJob(first.body().get("id").asText(), j -> "succeeded".equals(j.get("status").asText()),
                Duration.ofMinutes(3));
    }

    @Test
    @Order(5)
    void aSucceededJobIsARegisteredVersionThatPredictsAndIsInTheLineage() {
        String dataset = register("iris.csv", "species", "classification");
        String modelName = "iris-e2e-" + UUID.randomUUID().toString().substring(0, 6);
        registeredModel = modelName;
        String job = create("""
                {"name": "registry-e2e", "dataset_id": "%s", "model_family": "logistic_regression",
                 "model_name": "%s", "hyperparameters": {"epochs": 40}}""".formatted(dataset, modelName))
                .get("id").asText();
        JsonNode done = awaitJob(job, j -> j.hasNonNull("model_version"), Duration.ofMinutes(3));
        assertEquals("succeeded", done.get("status").asText());
        assertEquals(1, done.get("model_version").asInt());
        assertTrue(done.get("parameter_count").asLong() > 0);
        JsonNode matrix = done.get("evaluation").get("confusion_matrix");
        long total = 0;
        for (JsonNode row : matrix.get("counts")) {
            for (JsonNode cell : row) {
                total += cell.asLong();
            }
        }
        assertEquals(done.get("val_rows").asLong(), total);

        JsonNode version = api.get("/api/v1/models/" + modelName + "/versions/1").body();
        assertEquals(job, version.get("job_id").asText());
        assertEquals(done.get("model_checksum").asText(), version.get("artifact_sha256").asText());

        var prediction = api.post("/api/v1/models/" + modelName + "/versions/1/predict", """
                {"rows": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2},
                          {"sepal_length": 6.7, "sepal_width": 3.0, "petal_length": 5.2, "petal_width": 2.3}]}""");
        assertEquals(200, prediction.status(), () -> "predict answered " + prediction.body());
        assertEquals("setosa", prediction.body().get("predictions").get(0).get("label").asText());
        assertEquals("virginica", prediction.body().get("predictions").get(1).get("label").asText());
        var bad = api.post("/api/v1/models/" + modelName + "/versions/1/predict",
                "{\"rows\": [{\"sepal_length\": \"long\"}]}");
        assertEquals(400, bad.status(), () -> "bad predict answered " + bad.body());
        assertEquals("application/problem+json", bad.contentType());

        awaitBody("/api/v1/training/jobs/" + job + "/lineage", l -> l.path("outputs").path(0).path("facets")
                .path("trainyard_model_version").path("version").asInt() == 1);
    }

    @Test
    @Order(6)
    void aPausedJobResumesFromItsCheckpointWithAnUnbrokenMetricSeries() {
        String dataset = register("penguins.csv", "species", "classification");
        // Long enough (a few seconds per ten epochs at batch size 1) that the pause lands mid-training.
        int epochs = 200;
        String job = create("""
                {"name": "pause-e2e", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": %d, "batch_size": 1}}""".formatted(dataset, epochs))
                .get("id").asText();
        awaitJob(job, j -> "running".equals(j.get("status").asText()) && j.get("current_epoch").asInt() >= 2,
                Duration.ofMinutes(3));
        var pause = api.post("/api/v1/training/jobs/" + job + "/pause", null);
        assertEquals(202, pause.status(), () -> "pause answered " + pause.body());
        JsonNode paused = awaitJob(job, j -> "paused".equals(j.get("status").asText()), Duration.ofSeconds(30));
        int checkpointEpoch = paused.get("checkpoint").get("epoch").asInt();
        assertTrue(checkpointEpoch >= 2 && checkpointEpoch < epochs, "checkpoint after epoch " + checkpointEpoch);
        assertEquals(409, api.post("/api/v1/training/jobs/" + job + "/pause", null).status());

        var resume = api.post("/api/v1/training/jobs/" + job + "/resume", null);
        assertEquals(200, resume.status(), () -> "resume answered " + resume.body());
        JsonNode done = awaitJob(job, j -> j.get("status").asText().matches("succeeded|failed|cancelled"),
                Duration.ofMinutes(5));
        assertEquals("succeeded", done.get("status").asText(), () -> "job ended as " + done);
        JsonNode series = awaitBody("/api/v1/training/jobs/" + job + "/metrics",
                m -> m.get("items").size() == epochs);
        for (int i = 0; i < epochs; i++) {
            assertEquals(i + 1, series.get("items").get(i).get("epoch").asInt());
        }
        List<String> trail = new ArrayList<>();
        api.get("/api/v1/training/jobs/" + job + "/events").body().get("items")
                .forEach(e -> trail.add(e.get("type").asText()));
        assertTrue(trail.containsAll(List.of("pause_requested", "paused", "resumed", "succeeded")), trail::toString);
    }

    @Test
    @Order(7)
    void anExportedBundleImportsAndPredictsExactlyLikeTheOriginal() throws IOException {
        var export = api.download("/api/v1/models/" + registeredModel
                + "/versions/1/export?include_samples=true&num_samples=5&description=e2e");
        assertEquals(200, export.status(), () -> "export answered " + new String(export.body()));
        Path bundle = Files.createTempFile("e2e", ".trainyard");
        Files.write(bundle, export.body());
        JsonNode samples;
        try (var zip = new java.util.zip.ZipFile(bundle.toFile())) {
            samples = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    zip.getInputStream(zip.getEntry("samples.json")));
        }
        assertEquals(5, samples.get("rows").size());

        var imported = api.upload("/api/v1/models/import", bundle, Map.of("name", registeredModel + "-imported"));
        assertEquals(201, imported.status(), () -> "import answered " + imported.body());
        assertEquals(1, imported.body().get("version").asInt());
        var predicted = api.post("/api/v1/models/" + registeredModel + "-imported/versions/1/predict",
                "{\"rows\": " + samples.get("rows") + "}");
        assertEquals(200, predicted.status(), () -> "predict answered " + predicted.body());
        assertEquals(samples.get("predictions"), predicted.body().get("predictions"));
    }

    @Test
    @Order(8)
    void statsCountTheRunningWorkerFromItsHeartbeats() {
        JsonNode stats = awaitBody("/api/v1/training/stats", s -> s.get("workers_alive").asInt() == 1);
        assertEquals(1, stats.get("capacity").asInt());
        assertTrue(stats.get("jobs").get("succeeded").asInt() >= 4, stats::toString);
        assertTrue(stats.get("finished_last_hour").asInt() >= 4, stats::toString);
        assertTrue(stats.hasNonNull("mean_queue_wait_seconds"), stats::toString);
    }

    @Test
    @Order(9)
    void aBusyWorkerStartsTheUrgentJobFirstAndTheRestInPriorityThenArrivalOrder() {
        String penguins = register("penguins.csv", "species", "classification");
        String iris = register("iris.csv", "species", "classification");
        String blocker = create("""
                {"name": "blocker", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 1000, "batch_size": 1}}""".formatted(penguins)).get("id").asText();
        awaitJob(blocker, j -> "running".equals(j.get("status").asText()), Duration.ofMinutes(2));

        // The only worker has one slot and it is taken: these wait in the queue.
        String low = createWithPriority(iris, "low");
        String normal = createWithPriority(iris, "normal");
        String urgent = createWithPriority(iris, "urgent");
        List<String> order = List.of(urgent, normal, low);
        for (int i = 0; i < order.size(); i++) {
            JsonNode waiting = api.get("/api/v1/training/jobs/" + order.get(i)).body();
            assertEquals("queued", waiting.get("status").asText(), waiting::toString);
            assertEquals(i + 1, waiting.get("queue_position").asInt(), waiting::toString);
        }
        JsonNode stats = api.get("/api/v1/training/stats").body();
        assertEquals(1, stats.get("queued_by_priority").get("urgent").asInt(), stats::toString);

        assertEquals(202, api.post("/api/v1/training/jobs/" + blocker + "/cancel", null).status());
        List<Instant> started = new java.util.ArrayList<>();
        for (String job : order) {
            JsonNode done = awaitJob(job, j -> "succeeded".equals(j.get("status").asText()), Duration.ofMinutes(2));
            started.add(Instant.parse(done.get("started_at").asText()));
        }
        assertTrue(started.get(0).isBefore(started.get(1)) && started.get(1).isBefore(started.get(2)),
                () -> "start order urgent, normal, low expected; started at " + started);
    }

    @Test
    @Order(10)
    void anExperimentsRunsCompareSideBySideWithTheirCurvesAlignedByEpoch() {
        String iris = register("iris.csv", "species", "classification");
        var experiment = api.post("/api/v1/experiments", "{\"name\": \"iris-compare-e2e\"}");
        assertEquals(201, experiment.status(), () -> "experiment creation answered " + experiment.body());
        String experimentId = experiment.body().get("id").asText();
        List<String> runs = new ArrayList<>();
        for (int epochs : new int[] {3, 6}) {
            runs.add(create("""
                    {"name": "iris-%d-epochs", "dataset_id": "%s", "model_family": "logistic_regression",
                     "experiment": "iris-compare-e2e", "hyperparameters": {"epochs": %d}}"""
                    .formatted(epochs, iris, epochs)).get("id").asText());
        }
        for (String run : runs) {
            awaitJob(run, j -> "succeeded".equals(j.get("status").asText()), Duration.ofMinutes(2));
        }
        // Each run's series is projected by metrics-service: wait until the comparison holds all of them.
        JsonNode comparison = awaitBody("/api/v1/training/compare?experiment_id=" + experimentId
                + "&sort_by=val_loss", c -> valuesOf(c.path("series").path("runs"), "val_loss") == 3 + 6);
        assertEquals("lower_is_better", comparison.get("direction").asText());
        assertEquals(2, comparison.get("runs_considered").asInt());
        JsonNode best = comparison.get("runs").get(0);
        JsonNode second = comparison.get("runs").get(1);
        assertEquals(1, best.get("rank").asInt());
        assertTrue(best.get("final_metrics").get("val_loss").asDouble()
                <= second.get("final_metrics").get("val_loss").asDouble(), comparison::toString);
        JsonNode epochsRow = null;
        for (JsonNode row : comparison.get("hyperparameters")) {
            if (row.get("name").asText().equals("epochs")) {
                epochsRow = row;
            } else if (row.get("name").asText().equals("learning_rate")) {
                assertTrue(!row.get("differs").asBoolean(), row::toString);
            }
        }
        assertTrue(epochsRow != null && epochsRow.get("differs").asBoolean(), comparison::toString);
        // The 3-epoch run has values for epochs 1-3 and none after: the curves line up on the same axis.
        for (JsonNode series : comparison.get("series").get("runs")) {
            JsonNode valLoss = series.get("metrics").get("val_loss");
            boolean shortRun = series.get("job_id").asText().equals(runs.get(0));
            for (int i = 0; i < 6; i++) {
                assertEquals(shortRun && i >= 3, valLoss.get(i).isNull(), () -> "epoch series " + series);
            }
        }
    }

    /** How many values (not nulls) of the metric the runs' aligned series hold together. */
    private static int valuesOf(JsonNode runs, String metric) {
        int values = 0;
        for (JsonNode run : runs) {
            for (JsonNode value : run.path("metrics").path(metric)) {
                values += value.isNull() ? 0 : 1;
            }
        }
        return values;
    }

    private static String createWithPriority(String dataset, String priority) {
        return create("""
                {"name": "%s-job", "dataset_id": "%s", "model_family": "logistic_regression", "priority": "%s",
                 "hyperparameters": {"epochs": 5}}""".formatted(priority, dataset, priority)).get("id").asText();
    }

    private static long countJobsNamed(String name) {
        JsonNode page = api.get("/api/v1/training/jobs?q=" + name + "&page_size=100").body();
        long count = 0;
        for (JsonNode item : page.get("items")) {
            if (name.equals(item.get("name").asText())) {
                count++;
            }
        }
        return count;
    }

    private static String register(String file, String target, String task) {
        var reply = api.registerDataset(ROOT.resolve("samples/datasets").resolve(file), file, target, task);
        assertEquals(201, reply.status(), () -> "dataset upload answered " + reply.body());
        return reply.body().get("id").asText();
    }

    private static JsonNode create(String body) {
        var reply = api.post("/api/v1/training/jobs", body);
        assertEquals(201, reply.status(), () -> "job creation answered " + reply.body());
        return reply.body();
    }

    private static JsonNode awaitJob(String id, Predicate<JsonNode> done, Duration timeout) {
        return awaitBody("/api/v1/training/jobs/" + id, done, timeout);
    }

    private static JsonNode awaitBody(String path, Predicate<JsonNode> done) {
        return awaitBody(path, done, Duration.ofSeconds(30));
    }

    private static JsonNode awaitBody(String path, Predicate<JsonNode> done, Duration timeout) {
        try {
            return Await.body(api, path, done, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; worker log: " + stack.log("trainer-worker"), e);
        }
    }

    private static double standardDeviation(Path csv, String column) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int index = List.of(lines.get(0).split(",")).indexOf(column);
        double[] values = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[index])).toArray();
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        return Math.sqrt(java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
    }
}
