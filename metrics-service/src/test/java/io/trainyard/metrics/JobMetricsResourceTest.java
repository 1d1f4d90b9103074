package io.trainyard.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.trainyard.devstack.TrainyardTestResource;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = TrainyardTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "metrics"), restrictToAnnotatedClass = false)
class JobMetricsResourceTest {

    @Test
    void unknownJobHasAnEmptySeries() {
        UUID jobId = UUID.randomUUID();
        given().get("/api/v1/metrics/jobs/{jobId}", jobId)
                .then().statusCode(200)
                .body("job_id", equalTo(jobId.toString()))
                .body("items", empty());
    }

    @Test
    void malformedJobIdIsABadRequestProblem() {
        given().get("/api/v1/metrics/jobs/{jobId}", "not-a-uuid")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://trainyard.io/problems/invalid-request"))
                .body("title", equalTo("Invalid request"))
                .body("status", equalTo(400))
                .body("detail", equalTo("job_id: must be a UUID, got \"not-a-uuid\""))
                .body("errors[0].field", equalTo("job_id"))
                .body("instance", equalTo("/api/v1/metrics/jobs/not-a-uuid"));
    }

    @Test
    void shortFormUuidIsABadRequestProblem() {
        given().get("/api/v1/metrics/jobs/{jobId}", "1-2-3-4-5")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }
}
