package io.trainyard.jobs.job;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Retry linked both ways, DELETE and poll for older clients, tags, descriptions and duration estimates. */
@QuarkusTest
class RetryTagsAndEstimatesTest {

    @Test
    void aCancelledJobRetriesAsANewLinkedJobWithTheSameConfiguration() {
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        String original = given().contentType(ContentType.JSON).body("""
                {"name": "retry me", "dataset_id": "%s", "model_family": "mlp_classifier",
                 "hyperparameters": {"epochs": 7}, "tags": ["%s", "nightly"], "description": "first try"}
                """.formatted(TestSupport.iris(), tag)).post("/api/v1/training/jobs").then().statusCode(201)
                .body("tags", equalTo(List.of("nightly", tag))).body("description", equalTo("first try"))
                .extract().path("id");
        given().post("/api/v1/training/jobs/" + original + "/retry").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("only failed or cancelled"));
        given().delete("/api/v1/training/jobs/" + original).then().statusCode(200)
                .body("status", equalTo("cancelled"));

        String retry = given().post("/api/v1/training/jobs/" + original + "/retry").then().statusCode(201)
                .body("status", equalTo("queued")).body("retry_of", equalTo(original))
                .body("hyperparameters.epochs", equalTo(7)).body("tags", equalTo(List.of("nightly", tag)))
                .body("description", equalTo("first try")).extract().path("id");
        given().post("/api/v1/training/jobs/" + original + "/poll").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("retried_as", equalTo(List.of(retry)));
        given().get("/api/v1/training/jobs/" + original + "/events").then()
                .body("items.type", hasItem("retried"));
        TestSupport.awaitRecord(TestSupport.COMMANDS_TOPIC, retry);
        given().queryParam("tag", tag).get("/api/v1/training/jobs").then().statusCode(200)
                .body("total", equalTo(2)).body("items.id", equalTo(List.of(retry, original)));
        given().queryParam("tag", "never-used").get("/api/v1/training/jobs").then().body("total", equalTo(0));
    }

    @Test
    void badTagsDescriptionsAndRuntimesAreNamed() {
        String iris = TestSupport.iris();
        expect400("""
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier", "tags": ["Not OK"]}
                """.formatted(iris), "tags[0]");
        expect400("""
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier", "tags": "nightly"}
                """.formatted(iris), "tags");
        expect400("""
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier", "max_runtime_seconds": 0}
                """.formatted(iris), "hyperparameters.max_runtime_seconds");
        expect400("""
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier", "max_runtime_seconds": 60,
                 "hyperparameters": {"max_runtime_seconds": 90}}
                """.formatted(iris), "max_runtime_seconds");
        given().contentType(ContentType.JSON).body("""
                {"name": "x", "dataset_id": "%s", "model_family": "mlp_classifier", "max_runtime_seconds": 120}
                """.formatted(iris)).post("/api/v1/training/jobs").then().statusCode(201)
                .body("hyperparameters.max_runtime_seconds", equalTo(120));
    }

    @Test
    void theDurationEstimateComesFromPastJobsOfTheFamily() {
        String first = given().contentType(ContentType.JSON).body("""
                {"name": "cnn", "dataset_id": "%s", "model_family": "cnn1d_classifier"}
                """.formatted(TestSupport.iris())).post("/api/v1/training/jobs").then().statusCode(201)
                .body("estimated_duration_seconds", nullValue()).extract().path("id");
        TestSupport.produce(
                TestSupport.progressRecord(UUID.randomUUID().toString(), first, "running", ""),
                TestSupport.progressRecord(UUID.randomUUID().toString(), first, "succeeded",
                        "\"model_uri\": \"file:///m\", \"model_checksum\": \"" + "b".repeat(64) + "\""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + first)
                .then().body("status", equalTo("succeeded")));
        given().contentType(ContentType.JSON).body("""
                {"name": "cnn again", "dataset_id": "%s", "model_family": "cnn1d_classifier"}
                """.formatted(TestSupport.iris())).post("/api/v1/training/jobs").then().statusCode(201)
                .body("estimated_duration_seconds", notNullValue())
                .body("retried_as", equalTo(List.of())).body("retry_of", nullValue())
                .body("tags", not(hasItem("nightly")));
    }

    private static void expect400(String body, String field) {
        given().contentType(ContentType.JSON).body(body).post("/api/v1/training/jobs").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
