package io.trainyard.jobs.compare;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Comparing runs through job-api alone: their read model is real (progress events over Kafka), metrics-service is
 * not running here, so the answers carry no series and say why (the series are checked end to end in
 * TrainyardEndToEndIT).
 */
@QuarkusTest
class CompareResourceTest {
    private static String experiment;
    /** Runs of the experiment by final val_accuracy: 0.7, 0.9, 0.8 and one that has none. */
    private static String low;
    private static String high;
    private static String middle;
    private static String unfinished;

    @BeforeEach
    void anExperimentWithFourRuns() {
        if (experiment != null) {
            return;
        }
        experiment = given().contentType(ContentType.JSON).body("{\"name\": \"compare " + UUID.randomUUID() + "\"}")
                .post("/api/v1/experiments").then().statusCode(201).extract().path("id");
        low = succeeded(3, 0.7, 0.9);
        high = succeeded(5, 0.9, 0.3);
        middle = succeeded(4, 0.8, 0.6);
        unfinished = run(2);
    }

    @Test
    void anExperimentIsRankedBestFirstByTheMetricsDirectionAndCutToTheTopN() {
        given().queryParam("experiment_id", experiment).queryParam("sort_by", "val_accuracy").queryParam("top", 3)
                .get("/api/v1/training/compare").then().statusCode(200)
                .body("direction", equalTo("higher_is_better")).body("runs_considered", equalTo(4))
                .body("runs.job_id", contains(high, middle, low)).body("runs.rank", contains(1, 2, 3))
                .body("runs[0].final_metrics.val_accuracy", equalTo(0.9f))
                .body("runs[0].hyperparameters.epochs", equalTo(5))
                .body("hyperparameters.find { it.name == 'epochs' }.differs", equalTo(true))
                .body("hyperparameters.find { it.name == 'epochs' }.values", contains(5, 4, 3))
                .body("hyperparameters.find { it.name == 'learning_rate' }.differs", equalTo(false))
                .body("series", nullValue()).body("series_error", containsString("metrics-service"));
        // A loss ranks ascending; a run without the metric comes last and has no rank.
        given().queryParam("experiment_id", experiment).queryParam("sort_by", "val_loss")
                .get("/api/v1/training/compare").then().statusCode(200).body("direction", equalTo("lower_is_better"))
                .body("runs.job_id", contains(high, middle, low, unfinished)).body("runs[3].rank", nullValue());
        given().queryParam("experiment_id", experiment).queryParam("sort_by", "val_loss").queryParam("order", "desc")
                .get("/api/v1/training/compare").then().body("runs.job_id", contains(low, middle, high, unfinished));
    }

    @Test
    void chosenJobsKeepTheirOrderUnlessSorted() {
        given().queryParam("job_ids", low + "," + high).queryParam("job_ids", unfinished)
                .get("/api/v1/training/compare").then().statusCode(200)
                .body("runs.job_id", contains(low, high, unfinished)).body("sort_by", nullValue())
                .body("runs[0].duration_seconds", notNullValue()).body("runs[2].duration_seconds", nullValue());
        given().queryParam("job_ids", low + "," + high + "," + middle).queryParam("sort_by", "val_accuracy")
                .queryParam("top", 2).get("/api/v1/training/compare").then().statusCode(200)
                .body("runs.job_id", contains(high, middle)).body("runs_considered", equalTo(3));
    }

    @Test
    void whatCannotBeComparedIsAProblemNamingTheParameter() {
        for (var bad : List.of(List.of("job_ids", low), List.of("job_ids", low + "," + low),
                List.of("job_ids", low + ",nope"), List.of("experiment_id", "nope"), List.of("top", "0"))) {
            var request = given().queryParam(bad.get(0), bad.get(1));
            if (bad.get(0).equals("top")) {
                request = request.queryParam("experiment_id", experiment);
            }
            request.get("/api/v1/training/compare").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(bad.get(0)));
        }
        given().get("/api/v1/training/compare").then().statusCode(400).body("errors[0].field", equalTo("job_ids"));
        given().queryParam("job_ids", low + "," + high).queryParam("experiment_id", experiment)
                .get("/api/v1/training/compare").then().statusCode(400);
        given().queryParam("experiment_id", experiment).queryParam("sort_by", "val accuracy")
                .get("/api/v1/training/compare").then().statusCode(400).body("errors[0].field", equalTo("sort_by"));
        given().queryParam("experiment_id", experiment).queryParam("order", "asc")
                .get("/api/v1/training/compare").then().statusCode(400).body("errors[0].field", equalTo("order"));
        given().queryParam("job_ids", low + "," + UUID.randomUUID()).get("/api/v1/training/compare").then()
                .statusCode(404);
        // Another tenant's runs and experiments are as unknown as ones that never were.
        String other = TestTokens.token("bob", "team-b");
        given().header("Authorization", "Bearer " + other).queryParam("job_ids", low + "," + high)
                .get("/api/v1/training/compare").then().statusCode(404);
        given().header("Authorization", "Bearer " + other).queryParam("experiment_id", experiment)
                .get("/api/v1/training/compare").then().statusCode(404);
    }

    /** A run of the experiment with this many epochs that the worker reports succeeded with these metrics. */
    private static String succeeded(int epochs, double accuracy, double loss) {
        String job = run(epochs);
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", ""));
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded", """
                "final_metrics": {"val_accuracy": %s, "val_loss": %s}, "model_uri": "file:///m", "model_checksum":
                "%s\"""".formatted(accuracy, loss, "a".repeat(64))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("status", equalTo("succeeded")));
        return job;
    }

    private static String run(int epochs) {
        String job = given().contentType(ContentType.JSON).body("""
                {"name": "compared", "dataset_id": "%s", "model_family": "logistic_regression",
                 "experiment_id": "%s", "hyperparameters": {"epochs": %d}}""".formatted(TestSupport.iris(), experiment,
                epochs)).post("/api/v1/training/jobs").then().statusCode(201).extract().path("id");
        TestSupport.dispatched(job);
        return job;
    }
}
