package io.trainyard.jobs.logs;

import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.CloudEventRecords;
import io.trainyard.jobs.TestSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Log lines shipped by workers, stored once each and served as a tail. */
@QuarkusTest
class JobLogsTest {

    @Test
    void shippedLinesAreServedAsATailOnceEachAndFilteredByLevel() {
        String job = TestSupport.createJob(TestSupport.iris(), "mlp_classifier", "{}");
        var first = line(job, "INFO", "job started on cpu()", "");
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        TestSupport.produce(first, line(job, "WARN", "loss went up", ""),
                line(job, "INFO", "epoch 2/60", ", \"trace_id\": \"" + trace + "\""), first);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/training/jobs/" + job + "/logs")
                .then().statusCode(200).body("items.message",
                        equalTo(List.of("job started on cpu()", "loss went up", "epoch 2/60")))
                .body("items.trace_id", equalTo(Arrays.asList(null, null, trace))));
        given().queryParam("tail", 2).get("/api/v1/training/jobs/" + job + "/logs").then()
                .body("items.message", equalTo(List.of("loss went up", "epoch 2/60")));
        given().queryParam("level", "warn").get("/api/v1/training/jobs/" + job + "/logs").then()
                .body("items.level", equalTo(List.of("WARN")));
        given().queryParam("level", "LOUD").get("/api/v1/training/jobs/" + job + "/logs").then().statusCode(400)
                .body("errors[0].field", equalTo("level"));
        given().queryParam("tail", 0).get("/api/v1/training/jobs/" + job + "/logs").then().statusCode(400);
        given().get("/api/v1/training/jobs/" + UUID.randomUUID() + "/logs").then().statusCode(404);
    }

    /** @param extraJson more fields of the payload, each with a leading comma */
    private static ProducerRecord<String, String> line(String job, String level, String message, String extraJson) {
        return CloudEventRecords.record("trainyard.training.logs.v1", job, """
                {"job_id": "%s", "level": "%s", "message": "%s", "occurred_at": "%s"%s}
                """.formatted(job, level, message, Instant.now(), extraJson), UUID.randomUUID().toString(),
                "io.trainyard.training.log.v1", "/trainyard/trainer-worker", Instant.now());
    }
}
