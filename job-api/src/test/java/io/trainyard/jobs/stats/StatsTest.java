package io.trainyard.jobs.stats;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.jobs.TestSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

/** Stats from the job read model and the latest heartbeat of each worker. */
@QuarkusTest
class StatsTest {

    @Test
    void capacityAndUtilisationComeFromLiveWorkersOnly() {
        TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        try (KafkaCompanion kafka = TestSupport.kafka()) {
            kafka.produceStrings().fromRecords(
                    heartbeat("worker-live", 2, 1, Instant.now()),
                    heartbeat("worker-gone", 4, 0, Instant.now().minus(Duration.ofMinutes(10))),
                    // An older beat of the live worker arriving late changes nothing.
                    heartbeat("worker-live", 9, 0, Instant.now().minus(Duration.ofMinutes(1)))).awaitCompletion();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/stats").then()
                .statusCode(200).body("workers_alive", equalTo(1)).body("capacity", equalTo(2))
                .body("busy_slots", equalTo(1)).body("utilization", equalTo(0.5f)));
        given().get("/api/v1/training/stats").then()
                .body("jobs.queued", greaterThanOrEqualTo(1)).body("jobs.paused", greaterThanOrEqualTo(0))
                .body("finished_last_day", greaterThanOrEqualTo(0)).body("computed_at", notNullValue());
    }

    private static ProducerRecord<String, String> heartbeat(String worker, int slots, int busy, Instant sentAt) {
        StringBuilder running = new StringBuilder();
        for (int i = 0; i < busy; i++) {
            running.append(i == 0 ? "" : ",").append('"').append(UUID.randomUUID()).append('"');
        }
        return CloudEventRecords.record("trainyard.workers.heartbeats.v1", worker, """
                {"worker_id": "%s", "slots": %d, "running_jobs": [%s], "sent_at": "%s"}
                """.formatted(worker, slots, running, sentAt), UUID.randomUUID().toString(),
                "io.trainyard.worker.heartbeat.v1", "/trainyard/trainer-worker", sentAt);
    }
}
