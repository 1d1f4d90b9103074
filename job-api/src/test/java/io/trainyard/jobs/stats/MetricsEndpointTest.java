package io.trainyard.jobs.stats;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trainyard.devstack.PrometheusText;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus endpoint after real work: a job moving through the Kafka topics, an outbox row waiting, a
 * poison record. The app and its database are shared by every test class, so the tests compare a scrape
 * before with one after.
 */
@QuarkusTest
class MetricsEndpointTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aJobMovesTheStatusGaugesAndIsTimedOnceEvenWhenItsEventsAreRedelivered() {
        PrometheusText before = scrape();
        String job = given().contentType(ContentType.JSON).body("""
                {"name": "timed", "dataset_id": "%s", "model_family": "logistic_regression", "priority": "low"}
                """.formatted(TestSupport.iris())).post("/api/v1/training/jobs").then().statusCode(201)
                .extract().path("id");
        TestSupport.awaitRecord(TestSupport.COMMANDS_TOPIC, job); // dispatched to the tests' worker
        var running = TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", "");
        var succeeded = TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded",
                "\"final_metrics\": {\"val_accuracy\": 0.9}, \"model_uri\": \"file:///m\", \"model_checksum\": \""
                        + "b".repeat(64) + "\"");
        TestSupport.produce(running, succeeded);
        awaitStatus(job, "succeeded");
        TestSupport.produce(running, succeeded); // redelivered: projected once, so timed once
        String marker = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), marker, "running", ""));
        awaitStatus(marker, "running"); // same partition as the replays: consumed after them

        Map<String, String> low = Map.of("priority", "low");
        Map<String, String> succeededLogistic = Map.of("status", "succeeded", "model_family", "logistic_regression");
        Map<String, String> progress = Map.of("channel", "job-progress");
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText after = scrape();
            assertEquals(before.valueOrZero("trainyard_job_queue_wait_seconds_count", low) + 1,
                    after.valueOrZero("trainyard_job_queue_wait_seconds_count", low));
            assertEquals(before.valueOrZero("trainyard_job_duration_seconds_count", succeededLogistic) + 1,
                    after.valueOrZero("trainyard_job_duration_seconds_count", succeededLogistic));
            // The refreshed database-wide counts: this job succeeded, the marker runs.
            assertTrue(after.valueOrZero("trainyard_jobs", Map.of("status", "succeeded"))
                    >= before.valueOrZero("trainyard_jobs", Map.of("status", "succeeded")) + 1);
            assertTrue(after.valueOrZero("trainyard_jobs", Map.of("status", "running")) >= 1);
            // Every record projected or skipped as a replay: running and succeeded twice, the marker's running.
            assertTrue(after.valueOrZero("trainyard_projection_lag_seconds_count", progress)
                    >= before.valueOrZero("trainyard_projection_lag_seconds_count", progress) + 5);
        });
        PrometheusText after = scrape();
        // Histogram buckets: the one job's queue wait lies in the +Inf bucket and in no more than that.
        assertEquals(after.valueOrZero("trainyard_job_queue_wait_seconds_count", low),
                after.valueOrZero("trainyard_job_queue_wait_seconds_bucket", Map.of("priority", "low", "le", "+Inf")));
        for (String priority : new String[] {"low", "normal", "high", "urgent"}) {
            assertTrue(after.value("trainyard_jobs_queued", Map.of("priority", priority)).isPresent(), priority);
        }
        for (String status : new String[] {"queued", "running", "paused", "succeeded", "failed", "cancelled"}) {
            assertTrue(after.value("trainyard_jobs", Map.of("status", status)).isPresent(), status);
        }
        // Offsets behind per partition, from Quarkus' Kafka binder: the client id names the channel. Micrometer
        // looks for a consumer's new (per-partition) Kafka metrics once a minute.
        await().atMost(Duration.ofSeconds(90)).until(() -> scrape().value("kafka_consumer_fetch_manager_records_lag",
                Map.of("client_id", "kafka-consumer-job-progress", "topic", "trainyard.training.progress.v1"))
                .isPresent());
        // The tests' worker announced itself with its slots.
        assertTrue(after.valueOrZero("trainyard_workers_alive", Map.of()) >= 1);
        assertTrue(after.valueOrZero("trainyard_fleet_slots", Map.of("state", "free")) >= 1);
    }

    @Test
    void anUnpublishedOutboxRowShowsAsBacklogWithItsAgeUntilTheRelayDrainsIt() throws SQLException {
        String aggregate = UUID.randomUUID().toString();
        try (Connection lock = TestSupport.connect()) {
            lock.setAutoCommit(false);
            holdNewOutboxRow(lock, aggregate);
            // The relay skips a locked row (FOR UPDATE SKIP LOCKED); the gauges count it all the same.
            await().atMost(WAIT).untilAsserted(() -> {
                PrometheusText scrape = scrape();
                assertTrue(scrape.valueOrZero("trainyard_outbox_backlog", Map.of()) >= 1);
                assertTrue(scrape.valueOrZero("trainyard_outbox_oldest_age_seconds", Map.of()) >= 60);
            });
            lock.commit();
        }
        // The relay's round for the insert skipped the locked row; the periodic round would take it, but runs hourly
        // in tests: wake the relay as a new row would.
        TestSupport.sql("NOTIFY trainyard_outbox");
        TestSupport.awaitRecord(TestSupport.CONTROL_TOPIC, aggregate);
        await().atMost(WAIT).untilAsserted(() -> {
            PrometheusText scrape = scrape();
            assertEquals(0.0, scrape.valueOrZero("trainyard_outbox_backlog", Map.of()));
            assertEquals(0.0, scrape.valueOrZero("trainyard_outbox_oldest_age_seconds", Map.of()));
        });
    }

    @Test
    void aPoisonRecordIsCountedAsDeadLetteredOnItsChannel() {
        Map<String, String> progress = Map.of("channel", "job-progress");
        double before = scrape().valueOrZero("trainyard_dead_letters_total", progress);
        String job = UUID.randomUUID().toString();
        var valid = TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", "");
        TestSupport.produce(new org.apache.kafka.clients.producer.ProducerRecord<>(valid.topic(), null, job,
                "not json", valid.headers()));
        TestSupport.awaitRecord("trainyard.dlq.job-api", job);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(before + 1,
                scrape().valueOrZero("trainyard_dead_letters_total", progress)));
    }

    /**
     * Inserts a control record's outbox row, dated a minute back, and locks it in the open transaction of
     * {@code lock}. The relay may take the row between the insert and the lock: then it is gone, and the
     * next one is tried.
     */
    private static void holdNewOutboxRow(Connection lock, String aggregate) throws SQLException {
        for (int attempt = 0; attempt < 5; attempt++) {
            String id = UUID.randomUUID().toString();
            TestSupport.sql("""
                    INSERT INTO outbox_event (id, channel, aggregate_id, type, payload, created_at)
                    VALUES ('%s', 'training-control', '%s', 'io.trainyard.training.command.cancel.v1',
                            '{"job_id": "%s", "reason": "metrics test"}', now() - interval '1 minute')"""
                    .formatted(id, aggregate, aggregate));
            try (PreparedStatement select = lock.prepareStatement(
                    "SELECT 1 FROM outbox_event WHERE id = ?::uuid FOR UPDATE")) {
                select.setString(1, id);
                if (select.executeQuery().next()) {
                    return;
                }
            }
        }
        throw new AssertionError("the relay published every row before it could be locked");
    }

    private static void awaitStatus(String job, String status) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("status", equalTo(status)));
    }

    private static PrometheusText scrape() {
        return PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}
