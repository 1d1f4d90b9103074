package io.trainyard.worker.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.contracts.Hyperparameters;
import io.trainyard.contracts.ModelFamily;
import io.trainyard.contracts.TaskType;
import io.trainyard.devstack.PrometheusText;
import io.trainyard.devstack.TrainyardTestResource;
import io.trainyard.worker.TestData;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker's own gauges at /q/metrics: its slots, and the speed of each job while it trains here. */
@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class, restrictToAnnotatedClass = false)
class WorkerMetricsFlowTest extends FlowSupport {
    private static final Map<String, String> BUSY = Map.of("state", "busy");
    private static final Map<String, String> FREE = Map.of("state", "free");

    @Test
    void aTrainingJobTakesASlotAndReportsItsSpeedUntilItEnds() throws Exception {
        PrometheusText before = scrape();
        assertEquals(2.0, before.valueOrZero("trainyard_worker_slots", BUSY)
                + before.valueOrZero("trainyard_worker_slots", FREE), "the test profile's two slots");

        UUID jobId = UUID.randomUUID();
        // Batches of one row: slow enough to be scraped between its first epoch and its cancel.
        Hyperparameters hp = TestData.hyperparameters(ModelFamily.MLP_REGRESSOR,
                Map.of("epochs", 200, "batch_size", 1, "seed", 5));
        send(command(jobId, "measured", "mlp_regressor",
                dataset(UUID.randomUUID(), "cars", CARS, 392, "mpg", TaskType.REGRESSION, CARS_COLUMNS), hp));
        await().atMost(OUTCOME_TIMEOUT).until(() -> !records(METRICS, jobId).isEmpty());

        Map<String, String> job = Map.of("job_id", jobId.toString());
        await().atMost(OUTCOME_TIMEOUT).untilAsserted(() -> {
            PrometheusText running = scrape();
            assertTrue(running.valueOrZero("trainyard_worker_samples_per_second", job) > 0);
            assertTrue(running.valueOrZero("trainyard_worker_slots", BUSY) >= 1);
            assertEquals(2.0, running.valueOrZero("trainyard_worker_slots", BUSY)
                    + running.valueOrZero("trainyard_worker_slots", FREE));
        });

        awaitOutcome(jobId, () -> sendCancel(jobId));
        await().atMost(OUTCOME_TIMEOUT).untilAsserted(() -> assertTrue(
                scrape().value("trainyard_worker_samples_per_second", job).isEmpty(),
                "a finished job leaves no speed series behind"));
    }

    private static PrometheusText scrape() {
        return PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
