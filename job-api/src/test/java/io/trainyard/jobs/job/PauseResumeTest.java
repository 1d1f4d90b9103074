package io.trainyard.jobs.job;

import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/** Pause and resume as the API and the workers see them over Kafka. */
@QuarkusTest
class PauseResumeTest {
    private static final String CHECKPOINT = """
            "checkpoint": {"uri": "file:///store/checkpoints/job/epoch-3/", "sha256": "%s", "epoch": 3}
            """.formatted("c".repeat(64));

    @Test
    void aPausedJobKeepsItsCheckpointAndResumesFromIt() {
        String job = running();
        given().post("/api/v1/training/jobs/" + job + "/pause").then().statusCode(202)
                .body("status", equalTo("running")).body("pause_requested", equalTo(true));
        var pause = TestSupport.awaitRecord(TestSupport.CONTROL_TOPIC, job);
        org.junit.jupiter.api.Assertions.assertEquals("io.trainyard.training.command.pause.v1",
                new String(pause.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8));

        produce(job, "paused", CHECKPOINT);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("status", equalTo("paused")).body("pause_requested", equalTo(false))
                .body("checkpoint.epoch", equalTo(3)));
        given().post("/api/v1/training/jobs/" + job + "/pause").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("only running jobs"));

        given().post("/api/v1/training/jobs/" + job + "/resume").then().statusCode(200)
                .body("status", equalTo("queued"));
        var resumed = TestSupport.awaitRecord(TestSupport.COMMANDS_TOPIC, job,
                r -> r.value().contains("resume_from"));
        org.hamcrest.MatcherAssert.assertThat(resumed.value(), containsString("\"epoch\":3"));
        given().post("/api/v1/training/jobs/" + job + "/resume").then().statusCode(409)
                .contentType("application/problem+json");
        given().get("/api/v1/training/jobs/" + job + "/events").then()
                .body("items.type", hasItems("pause_requested", "paused", "resumed"));
    }

    @Test
    void aPeriodicCheckpointOnARunningEventIsKept() {
        String job = running();
        produce(job, "running", CHECKPOINT);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("status", equalTo("running")).body("checkpoint.epoch", equalTo(3)));
    }

    @Test
    void onlyRunningJobsPauseAndAPausedJobCancelsAtOnce() {
        String queued = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        given().post("/api/v1/training/jobs/" + queued + "/pause").then().statusCode(409)
                .body("detail", containsString("is queued"));
        given().post("/api/v1/training/jobs/" + queued + "/resume").then().statusCode(409);

        String job = running();
        given().post("/api/v1/training/jobs/" + job + "/pause").then().statusCode(202);
        produce(job, "paused", CHECKPOINT);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("status", equalTo("paused")));
        given().post("/api/v1/training/jobs/" + job + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        given().post("/api/v1/training/jobs/" + job + "/resume").then().statusCode(409)
                .body("detail", containsString("already cancelled"));
    }

    private String running() {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        produce(job, "running", "");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job).then()
                .body("status", equalTo("running")));
        return job;
    }

    private static void produce(String job, String status, String extra) {
        TestSupport.produce(TestSupport.progressRecord(UUID.randomUUID().toString(), job, status,
                extra));
    }
}
