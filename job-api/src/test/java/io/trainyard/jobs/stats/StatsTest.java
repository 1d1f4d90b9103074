package io.trainyard.jobs.stats;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

/** Stats from the job read model and the latest heartbeat of each worker. */
@QuarkusTest
class StatsTest {

    @Test
    void capacityAndUtilisationComeFromLiveWorkersOnly() {
        TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        given().contentType(ContentType.JSON).body("""
                {"name": "urgent one", "dataset_id": "%s", "model_family": "logistic_regression", "priority": "urgent"}
                """.formatted(TestSupport.iris())).post("/api/v1/training/jobs").then().statusCode(201);
        var before = given().get("/api/v1/training/stats").then().statusCode(200).extract().jsonPath();
        long workers = before.getLong("workers_alive");
        long capacity = before.getLong("capacity");
        long busy = before.getLong("busy_slots");
        String live = "worker-live-" + UUID.randomUUID();
        TestSupport.produce(
                    TestSupport.heartbeat(live, 2, 1, Instant.now()),
                    TestSupport.heartbeat("worker-gone-" + UUID.randomUUID(), 4, 0,
                            Instant.now().minus(Duration.ofHours(1))),
                    // An older beat of the live worker arriving late changes nothing.
                    TestSupport.heartbeat(live, 9, 0, Instant.now().minus(Duration.ofMinutes(1))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/stats").then()
                .statusCode(200).body("workers_alive", equalTo((int) workers + 1))
                .body("capacity", equalTo((int) capacity + 2)).body("busy_slots", equalTo((int) busy + 1))
                .body("utilization", equalTo((float) ((busy + 1) / (double) (capacity + 2)))));
        given().get("/api/v1/training/stats").then()
                .body("jobs.queued", greaterThanOrEqualTo(2)).body("jobs.paused", greaterThanOrEqualTo(0))
                .body("queued_by_priority.urgent", greaterThanOrEqualTo(1))
                .body("queued_by_priority.normal", greaterThanOrEqualTo(1))
                .body("queued_by_priority.keySet()", contains("urgent", "high", "normal", "low"))
                .body("finished_last_day", greaterThanOrEqualTo(0)).body("computed_at", notNullValue());
    }
}
