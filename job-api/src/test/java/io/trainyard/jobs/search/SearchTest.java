package io.trainyard.jobs.search;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.jobs.TestSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Searches driven by hand (the periodic pass is off in tests) against the real database and broker, with the
 * tests playing the worker: each trial "trains" to a known score of its hyperparameters, so that whether the search
 * finds the better region, and how many epochs ASHA saves, are facts of the search, not of training noise.
 */
@QuarkusTest
class SearchTest {
    private static final String METRICS_TOPIC = "trainyard.training.metrics.v1";

    @Inject
    SearchDriver driver;

    /** Validation accuracy by learning rate: best at 0.05, falling off on a log scale either side. */
    static double accuracy(double learningRate) {
        return Math.max(0.2, 0.97 - 0.3 * Math.abs(Math.log10(learningRate) - Math.log10(0.05)));
    }

    /** Validation loss by learning rate and epoch: the same shape, every trial improving with epochs. */
    static double loss(double learningRate, int epoch) {
        return 0.1 + 0.4 * Math.abs(Math.log10(learningRate) - Math.log10(0.05)) + 1.0 / epoch;
    }

    @Test
    void aTpeSearchFindsTheClearlyBetterRegionWithinItsBudgetAndKeepsTheBestModel() {
        String name = unique("lr-search");
        JsonPath created = create("""
                {"name": "%s", "dataset_id": "%s", "model_family": "mlp_classifier", "metric": "val_accuracy",
                 "strategy": "tpe", "seed": 7, "budget": {"max_trials": 14, "max_parallel": 2},
                 "space": {"learning_rate": {"type": "log_uniform", "min": 0.0001, "max": 1.0},
                           "hidden_layers": {"type": "choice", "values": [[8], [16, 8]]}},
                 "job": {"hyperparameters": {"epochs": 3}, "tags": ["search"]}}""".formatted(name, TestSupport.iris()));
        String id = created.getString("id");
        assertEquals("running", created.getString("status"));
        assertEquals("higher_is_better", created.getString("direction"));

        Set<String> reported = new HashSet<>();
        JsonPath search = run(id, trial -> {
            double lr = ((Number) trial.get("learning_rate")).doubleValue();
            return Map.of("val_accuracy", accuracy(lr));
        }, reported);

        assertEquals("succeeded", search.getString("status"), search.prettify());
        assertEquals(14, search.getInt("trials_started"));
        double bestRate = ((Number) search.getMap("best.params").get("learning_rate")).doubleValue();
        double bestScore = search.getDouble("best.value");
        System.out.printf("[search] tpe, 14 trials: best learning_rate %.4f, val_accuracy %.4f (optimum 0.05, 0.97)%n",
                bestRate, bestScore);
        assertTrue(bestRate > 0.02 && bestRate < 0.12, "the best trial lies in the better region: " + bestRate);
        assertTrue(bestScore > 0.85, "score " + bestScore);
        // Trials are ordinary jobs in the search's experiment; the best one's model version has the alias "best".
        given().queryParam("experiment_id", search.getString("experiment_id")).get("/api/v1/training/jobs").then()
                .body("total", equalTo(14));
        given().get("/api/v1/models/" + search.getString("model_name") + "/aliases/best").then().statusCode(200)
                .body("version", equalTo(search.getInt("best_model_version")))
                .body("job_id", equalTo(search.getString("best.job_id")));
    }

    @Test
    void ashaStopsWeakTrialsEarlyAndSpendsFewerEpochsThanTheSameSearchWithoutIt() {
        String space = "{\"learning_rate\": {\"type\": \"log_uniform\", \"min\": 0.0001, \"max\": 1.0}}";
        String without = create("""
                {"name": "%s", "dataset_id": "%s", "model_family": "mlp_classifier", "metric": "val_loss",
                 "strategy": "random", "seed": 11, "budget": {"max_trials": 8, "max_parallel": 1}, "space": %s,
                 "job": {"hyperparameters": {"epochs": 9}}}""".formatted(unique("no-asha"), TestSupport.iris(), space))
                .getString("id");
        String with = create("""
                {"name": "%s", "dataset_id": "%s", "model_family": "mlp_classifier", "metric": "val_loss",
                 "strategy": "random", "seed": 11, "budget": {"max_trials": 8, "max_parallel": 1}, "space": %s,
                 "early_stopping": {"type": "asha", "grace_epochs": 1, "reduction_factor": 3},
                 "job": {"hyperparameters": {"epochs": 9}}}""".formatted(unique("asha"), TestSupport.iris(), space))
                .getString("id");

        int plain = epochsSpent(without);
        int asha = epochsSpent(with);
        JsonPath stopped = given().get("/api/v1/searches/" + with).then().extract().jsonPath();
        long early = stopped.getList("trials.stopped_at_epoch").stream().filter(e -> e != null).count();
        System.out.printf("[search] 8 random trials of 9 epochs: %d epochs without ASHA, %d with (%d stopped early)%n",
                plain, asha, early);
        assertEquals(72, plain);
        assertTrue(asha < plain, asha + " epochs with ASHA");
        assertTrue(early >= 2, stopped.prettify());
        assertEquals("succeeded", stopped.getString("status"));
        // The same seed proposes the same trials; the best one is not among those stopped.
        JsonPath full = given().get("/api/v1/searches/" + without).then().extract().jsonPath();
        assertEquals(full.getDouble("best.params.learning_rate"), stopped.getDouble("best.params.learning_rate"));
    }

    @Test
    void cancellingASearchCancelsItsRunningTrials() {
        JsonPath created = create("""
                {"name": "%s", "dataset_id": "%s", "model_family": "mlp_classifier", "metric": "val_accuracy",
                 "strategy": "random", "budget": {"max_trials": 5, "max_parallel": 2},
                 "space": {"learning_rate": {"type": "uniform", "min": 0.001, "max": 0.1}}}"""
                .formatted(unique("cancelled"), TestSupport.iris()));
        String id = created.getString("id");
        // Its experiment holds no job yet, but the search runs its trials there: it stays.
        given().delete("/api/v1/experiments/" + created.getString("experiment_id")).then().statusCode(409)
                .contentType("application/problem+json");
        pass();
        List<String> jobs = given().get("/api/v1/searches/" + id).then().extract().jsonPath().getList("trials.job_id");
        assertEquals(2, jobs.size());
        given().post("/api/v1/searches/" + id + "/cancel").then().statusCode(200).body("status", equalTo("cancelled"));
        for (String job : jobs) {
            given().get("/api/v1/training/jobs/" + job).then().body("status", equalTo("cancelled"));
        }
        pass();
        given().get("/api/v1/searches/" + id).then().body("trials_started", equalTo(2));
        given().post("/api/v1/searches/" + id + "/cancel").then().statusCode(409);
    }

    /** Runs the search to its end, playing the worker: each new trial succeeds with {@code score}'s metrics. */
    private JsonPath run(String id, java.util.function.Function<Map<String, Object>, Map<String, Double>> score,
            Set<String> reported) {
        for (int round = 0; round < 60; round++) {
            pass();
            JsonPath search = given().get("/api/v1/searches/" + id).then().extract().jsonPath();
            if (!search.getString("status").equals("running")) {
                return search;
            }
            List<Map<String, Object>> trials = search.getList("trials");
            for (Map<String, Object> trial : trials) {
                String job = (String) trial.get("job_id");
                if (reported.add(job)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> params = (Map<String, Object>) trial.get("params");
                    succeed(TestSupport.dispatched(job), score.apply(params));
                }
            }
        }
        throw new AssertionError("the search did not end within 60 passes");
    }

    /**
     * Runs the search to its end with one trial at a time, reporting each trial's epochs one by one and stopping a
     * trial as a worker would once its job is being cancelled; answers the epochs trained in all.
     */
    private int epochsSpent(String id) {
        int spent = 0;
        Set<String> done = new HashSet<>();
        for (int round = 0; round < 40; round++) {
            pass();
            JsonPath search = given().get("/api/v1/searches/" + id).then().extract().jsonPath();
            if (!search.getString("status").equals("running")) {
                return spent;
            }
            List<Map<String, Object>> trials = search.getList("trials");
            for (Map<String, Object> trial : trials) {
                String job = (String) trial.get("job_id");
                if (!done.add(job)) {
                    continue;
                }
                TestSupport.dispatched(job);
                @SuppressWarnings("unchecked")
                double lr = ((Number) ((Map<String, Object>) trial.get("params")).get("learning_rate")).doubleValue();
                TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", ""));
                await().atMost(Duration.ofSeconds(20)).until(() -> TestSupport.count("training_job WHERE id = '" + job
                        + "' AND status = 'RUNNING'") == 1);
                int epoch = 1;
                for (; epoch <= 9; epoch++) {
                    epoch(job, epoch, loss(lr, epoch));
                    spent++;
                    if (TestSupport.count("training_job WHERE id = '" + job + "' AND cancel_requested_at IS NOT NULL")
                            == 1) {
                        break;
                    }
                }
                if (epoch <= 9) {
                    TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "cancelled", ""));
                    await().atMost(Duration.ofSeconds(20)).until(() -> TestSupport.count("training_job WHERE id = '"
                            + job + "' AND status = 'CANCELLED'") == 1);
                } else {
                    succeed(job, Map.of("val_loss", loss(lr, 9)));
                }
            }
        }
        throw new AssertionError("the search did not end within 40 passes");
    }

    /** One epoch's metrics as a worker sends them; returns once job-api has processed the record. */
    private static void epoch(String job, int epoch, double valLoss) {
        String eventId = UUID.randomUUID().toString();
        TestSupport.produce(CloudEventRecords.record(METRICS_TOPIC, job, """
                {"job_id": "%s", "epoch": %d, "total_epochs": 9, "train_loss": %s, "val_loss": %s,
                 "train_accuracy": 0.8, "val_accuracy": 0.75, "learning_rate": 0.01, "epoch_duration_ms": 120,
                 "samples_per_second": 900.0, "occurred_at": "%s"}
                """.formatted(job, epoch, valLoss, valLoss, Instant.now()), eventId,
                "io.trainyard.training.metrics.epoch.v1", "/trainyard/trainer-worker", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestSupport.count("processed_event WHERE event_id = '"
                + eventId + "'") == 1);
    }

    private static void succeed(String job, Map<String, Double> metrics) {
        StringBuilder finals = new StringBuilder();
        metrics.forEach((k, v) -> finals.append(finals.length() == 0 ? "" : ", ").append('"').append(k).append("\": ")
                .append(v));
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded", """
                "final_metrics": {%s}, "model_uri": "file:///m/%s", "model_checksum": "%s", "parameter_count": 67,
                "best_epoch": 3, "stop_reason": "completed"
                """.formatted(finals, job, "a".repeat(64))));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestSupport.count("training_job WHERE id = '" + job
                + "' AND model_version IS NOT NULL") == 1);
    }

    private void pass() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> driver.pass());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonPath create(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/searches").then().statusCode(201)
                .extract().jsonPath();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
