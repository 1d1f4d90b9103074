package io.trainyard.jobs.job;

import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The job lifecycle across Kafka: outbox -> commands topic, progress topic -> read model, cancel. */
@QuarkusTest
class JobLifecycleTest {

    @Test
    void aCreatedJobIsPublishedOnceAsAStartCommandWithCloudEventsHeaders() {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{\"epochs\": 3}");
        ConsumerRecord<String, String> command = awaitRecord(TestSupport.COMMANDS_TOPIC, job);
        assertEquals("io.trainyard.training.command.start.v1", header(command, "ce_type"));
        assertEquals("/trainyard/job-api", header(command, "ce_source"));
        assertEquals(job, header(command, "ce_subject"));
        UUID.fromString(header(command, "ce_id"));
        // The job's tenant, for consumers that route by it without reading the payload, and in the payload.
        assertEquals(TestTokens.TENANT, header(command, "ce_tenant"));
        org.hamcrest.MatcherAssert.assertThat(command.value(), containsString("\"tenant\":\"" + TestTokens.TENANT + "\""));
        org.hamcrest.MatcherAssert.assertThat(command.value(), containsString("\"sha256\""));
        org.hamcrest.MatcherAssert.assertThat(command.value(), containsString("\"epochs\":3"));
        await().atMost(Duration.ofSeconds(10)).until(() -> TestSupport.count("outbox_event") == 0);
    }

    @Test
    void progressReportsDriveTheReadModelAndReplaysChangeNothing() {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{\"epochs\": 5}");
        awaitRecord(TestSupport.COMMANDS_TOPIC, job); // the scheduler handed it to the tests' worker
        var running = TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running",
                "\"eta_seconds\": 7, \"device\": \"cpu()\"");
        var succeeded = TestSupport.progressRecord(UUID.randomUUID().toString(), job, "succeeded",
                "\"final_metrics\": {\"val_accuracy\": 0.96}, \"model_uri\": \"file:///m\", \"model_checksum\": \""
                        + "a".repeat(64) + "\"");
        TestSupport.produce(running);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job)
                .then().body("status", equalTo("running")).body("progress_percent", equalTo(40.0f))
                .body("eta_seconds", equalTo(7)).body("device", equalTo("cpu()")));
        TestSupport.produce(succeeded);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job)
                .then().body("status", equalTo("succeeded")).body("final_metrics.val_accuracy", equalTo(0.96f)));
        String before = given().get("/api/v1/training/jobs/" + job).asString();
        String eventsBefore = given().get("/api/v1/training/jobs/" + job + "/events").asString();

        // Redelivery: the same two events again, then a late 'running' with a fresh id.
        TestSupport.produce(running, succeeded);
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", ""));
        awaitConsumed();
        assertEquals(before, given().get("/api/v1/training/jobs/" + job).asString());
        assertEquals(eventsBefore, given().get("/api/v1/training/jobs/" + job + "/events").asString());
        given().get("/api/v1/training/jobs/" + job + "/events").then()
                .body("items.type", equalTo(List.of("created", "dispatched", "running", "succeeded")));

        given().post("/api/v1/training/jobs/" + job + "/cancel").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already succeeded"));
    }

    @Test
    void cancellingAQueuedJobIsImmediateAndBroadcastToWorkers() {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        given().post("/api/v1/training/jobs/" + job + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled")).body("cancel_requested", equalTo(true));
        ConsumerRecord<String, String> cancel = awaitRecord(TestSupport.CONTROL_TOPIC, job);
        assertEquals("io.trainyard.training.command.cancel.v1", header(cancel, "ce_type"));
        assertEquals(TestTokens.TENANT, header(cancel, "ce_tenant"));
        given().post("/api/v1/training/jobs/" + job + "/cancel").then().statusCode(409);
    }

    @Test
    void cancellingARunningJobWaitsForTheWorker() {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", ""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job)
                .then().body("status", equalTo("running")));
        given().post("/api/v1/training/jobs/" + job + "/cancel").then().statusCode(202)
                .body("status", equalTo("running")).body("cancel_requested", equalTo(true));
        awaitRecord(TestSupport.CONTROL_TOPIC, job);
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "cancelled",
                ""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job)
                .then().body("status", equalTo("cancelled")).body("finished_at", org.hamcrest.Matchers.notNullValue()));
    }

    @Test
    void aPoisonProgressRecordGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        var poison = TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running", "");
        TestSupport.produce(new org.apache.kafka.clients.producer.ProducerRecord<>(poison.topic(), null,
                job, "this is not json", poison.headers()));
        awaitRecord("trainyard.dlq.job-api", job);
        TestSupport.produce(poison);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job)
                .then().body("status", equalTo("running")));
    }

    @Test
    void aProjectionThatFailsForAMomentIsRetriedNotDeadLettered() throws InterruptedException {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        // The audit table disappears for a moment, as if the database were being restarted.
        TestSupport.sql("ALTER TABLE job_event RENAME TO job_event_away");
        try {
            TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, "running",
                    ""));
            Thread.sleep(1500);
            given().get("/api/v1/training/jobs/" + job).then().body("status", equalTo("queued"));
        } finally {
            TestSupport.sql("ALTER TABLE job_event_away RENAME TO job_event");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job)
                .then().body("status", equalTo("running")));
    }

    /** A marker job's event on the same partition has been projected once every earlier record was. */
    private void awaitConsumed() {
        String marker = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), marker, "running",
                ""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + marker)
                .then().body("status", equalTo("running")));
    }

    private static ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        return TestSupport.awaitRecord(topic, key);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
