package io.trainyard.jobs.retention;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.trainyard.jobs.TestClock;
import io.trainyard.jobs.TestSupport;
import io.trainyard.support.artifacts.ArtifactStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.trainyard.jobs.TestSupport.count;
import static io.trainyard.jobs.TestSupport.dispatched;
import static io.trainyard.jobs.TestSupport.sql;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clean-up against a real PostgreSQL and the real artifact store, with the application's clock set by the
 * test: rows are dated back from that clock, and moving it on makes more of them old enough.
 */
@QuarkusTest
class RetentionTest {
    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    Retention retention;
    @Inject
    TestClock clock;
    @Inject
    ArtifactStore artifacts;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void removesWhatIsPastItsAgeWithItsArtifactsAndKeepsRegisteredModelsAndTheirJobs() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(now);
        String failedLongAgo = finished("FAILED", now.minus(DAY.multipliedBy(31)));
        String failedRecently = finished("FAILED", now.minus(DAY.multipliedBy(29)));
        String cancelledLongAgo = finished("CANCELLED", now.minus(DAY.multipliedBy(91)));
        String succeededRecently = finished("SUCCEEDED", now.minus(DAY.multipliedBy(87)));
        String registered = registeredVersion(now.minus(DAY.multipliedBy(400)));
        String retry = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        sql("UPDATE training_job SET retry_of = '" + failedLongAgo + "' WHERE id = '" + retry + "'");
        sql("INSERT INTO job_tag (job_id, tag) VALUES ('" + failedLongAgo + "', 'old')");
        logLine(failedLongAgo, now.minus(DAY.multipliedBy(40)));
        logLine(failedRecently, now.minus(DAY.multipliedBy(8)));
        logLine(failedRecently, now.minus(DAY.multipliedBy(6)));
        liveEvent(failedLongAgo, now.minus(DAY.multipliedBy(2)));
        liveEvent(failedRecently, now.minus(DAY.multipliedBy(8)));
        String oldEventId = processedEvent(now.minus(DAY.multipliedBy(31)));
        String recentEventId = processedEvent(now.minus(DAY.multipliedBy(29)));
        String expiredTicket = ticket(now.minusSeconds(1));
        String validTicket = ticket(now.plusSeconds(60));
        String sharedModelJob = finished("CANCELLED", now.minus(DAY.multipliedBy(91)));
        for (String job : List.of(failedLongAgo, failedRecently, cancelledLongAgo, registered, sharedModelJob)) {
            artifacts.put("models/" + job + "/model.json", "{}".getBytes(StandardCharsets.UTF_8));
            artifacts.put("checkpoints/" + job + "/epoch-1/checkpoint.json", "{}".getBytes(StandardCharsets.UTF_8));
        }
        versionOfAnotherJobPointingInto(sharedModelJob);

        RetentionSummary first = retention.run().await().atMost(Duration.ofMinutes(1));

        assertEquals(3, first.jobs(), "the failed job past 30 days and the cancelled ones past 90");
        assertGone(failedLongAgo);
        assertGone(cancelledLongAgo);
        // Its job is gone, but a registered version points at its model: that file stays.
        assertEquals(0, count("training_job WHERE id = '" + sharedModelJob + "'"));
        assertTrue(artifacts.exists("models/" + sharedModelJob + "/model.json"));
        assertFalse(artifacts.exists("checkpoints/" + sharedModelJob + "/epoch-1/checkpoint.json"));
        for (String kept : List.of(failedRecently, succeededRecently, registered, retry)) {
            assertEquals(1, count("training_job WHERE id = '" + kept + "'"), kept);
        }
        given().get("/api/v1/training/jobs/" + retry).then().statusCode(200).body("retry_of", nullValue());
        // A registered version keeps its job, its model and its place in the registry, however old.
        given().get("/api/v1/training/jobs/" + registered).then().statusCode(200).body("model_version", equalTo(1));
        assertTrue(artifacts.exists("models/" + registered + "/model.json"));
        assertTrue(artifacts.exists("checkpoints/" + failedRecently + "/epoch-1/checkpoint.json"));
        assertEquals(1, count("job_log WHERE job_id = '" + failedRecently + "'"), "the line of 8 days ago went");
        assertEquals(0, count("live_event WHERE job_id = '" + failedRecently + "'"));
        assertEquals(0, count("processed_event WHERE event_id = '" + oldEventId + "'"));
        assertEquals(1, count("processed_event WHERE event_id = '" + recentEventId + "'"));
        assertEquals(0, count("live_ticket WHERE ticket_sha256 = '" + expiredTicket + "'"));
        assertEquals(1, count("live_ticket WHERE ticket_sha256 = '" + validTicket + "'"));
        // This test's expired ticket, and those other test classes left behind that expired since (60 s each).
        assertTrue(first.liveTickets() >= 1, "tickets removed: " + first.liveTickets());

        RetentionSummary again = retention.run().await().atMost(Duration.ofMinutes(1));
        assertEquals(0, again.total(), "a second pass finds nothing: " + again);

        clock.advance(DAY.multipliedBy(2));
        retention.run().await().atMost(Duration.ofMinutes(1));
        assertGone(failedRecently);
        assertEquals(1, count("training_job WHERE id = '" + succeededRecently + "'"));
        assertEquals(0, count("processed_event WHERE event_id = '" + recentEventId + "'"));
    }

    @Test
    void twoReplicasCleaningAtOnceRemoveEachJobOnceAndNeitherFails() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock.set(now);
        int jobs = 7;
        for (int i = 0; i < jobs; i++) {
            String job = finished("CANCELLED", now.minus(DAY.multipliedBy(100)));
            artifacts.put("models/" + job + "/model.json", "{}".getBytes(StandardCharsets.UTF_8));
        }

        // Two passes on their own connections, as two job-api replicas run them: the lock lets one batch
        // through at a time, whichever replica it belongs to.
        List<RetentionSummary> passes = Uni.join().all(retention.run(), retention.run()).andFailFast()
                .await().atMost(Duration.ofMinutes(1));

        assertEquals(jobs, passes.get(0).jobs() + passes.get(1).jobs(), passes.toString());
        assertEquals(0, retention.run().await().atMost(Duration.ofMinutes(1)).jobs());
    }

    /** A live-update ticket's row expiring at the instant; its (made-up) hash. */
    private static String ticket(Instant expiresAt) {
        String hash = UUID.randomUUID().toString().replace("-", "").repeat(2);
        sql("INSERT INTO live_ticket (ticket_sha256, user_name, tenant, roles, expires_at) VALUES ('" + hash
                + "', 'tester', 'default', '', '" + expiresAt + "')");
        return hash;
    }

    /** A job created through the API, then finished at the given time behind the application's back. */
    private static String finished(String status, Instant at) {
        String job = dispatched(TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}"));
        sql("UPDATE training_job SET status = '" + status + "', finished_at = '" + at + "' WHERE id = '" + job + "'");
        return job;
    }

    /** A job that succeeded and registered its model as version 1 of a name of its own. */
    private String registeredVersion(Instant finishedAt) {
        String job = dispatched(given().contentType(ContentType.JSON).body("""
                {"name": "retention", "dataset_id": "%s", "model_family": "mlp_classifier", "model_name": "kept-%s"}
                """.formatted(TestSupport.iris(), UUID.randomUUID())).post("/api/v1/training/jobs").then()
                .statusCode(201).extract().path("id"));
        String modelUri = artifacts.uri("models/" + job + "/model.json");
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded", """
                "final_metrics": {"val_accuracy": 0.9}, "model_uri": "%s", "model_checksum": "%s",
                "parameter_count": 67, "best_epoch": 5, "stop_reason": "completed", "device": "cpu()"
                """.formatted(modelUri, "a".repeat(64))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("model_version", equalTo(1)));
        sql("UPDATE training_job SET finished_at = '" + finishedAt + "' WHERE id = '" + job + "'");
        return job;
    }

    /** Waits for the scheduler's dispatch, so that it does not write the job while the test does. */
    /** A registered version that names no job but whose weights lie in that job's model folder. */
    private void versionOfAnotherJobPointingInto(String job) {
        String name = "shared-" + UUID.randomUUID();
        sql("INSERT INTO registered_model (tenant, owner, name, latest_version, created_at, updated_at) VALUES "
                + "('default', 'tester', '" + name + "', 1, now(), now())");
        sql("INSERT INTO model_version (tenant, name, version, source, model_family, task_type, hyperparameters, "
                + "metrics, artifact_uri, artifact_sha256, created_at) VALUES ('default', '" + name
                + "', 1, 'import', 'mlp_classifier',"
                + " 'classification', '{}', '{}', '" + artifacts.uri("models/" + job + "/model.json") + "', '"
                + "b".repeat(64) + "', now())");
    }

    private static void logLine(String job, Instant at) {
        sql("INSERT INTO job_log (job_id, event_id, level, message, occurred_at) VALUES ('" + job + "', '"
                + UUID.randomUUID() + "', 'INFO', 'epoch done', '" + at + "')");
    }

    private static void liveEvent(String job, Instant at) {
        sql("INSERT INTO live_event (job_id, type, data, occurred_at, created_at) VALUES ('" + job
                + "', 'training_progress', '{}', '" + at + "', '" + at + "')");
    }

    private static String processedEvent(Instant at) {
        String id = UUID.randomUUID().toString();
        sql("INSERT INTO processed_event (event_id, processed_at) VALUES ('" + id + "', '" + at + "')");
        return id;
    }

    private void assertGone(String job) {
        for (String rows : List.of("training_job WHERE id", "job_event WHERE job_id", "job_log WHERE job_id",
                "live_event WHERE job_id", "job_tag WHERE job_id")) {
            assertEquals(0, count(rows + " = '" + job + "'"), rows + " of " + job);
        }
        assertFalse(artifacts.exists("models/" + job + "/model.json"));
        assertFalse(artifacts.exists("checkpoints/" + job + "/epoch-1/checkpoint.json"));
        given().get("/api/v1/training/jobs/" + job).then().statusCode(404);
    }
}
