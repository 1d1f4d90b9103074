package io.trainyard.lineage;

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
        initArgs = @ResourceArg(name = "database", value = "lineage"), restrictToAnnotatedClass = false)
class LineageResourceTest {

    @Test
    void unknownRunIsANotFoundProblem() {
        UUID runId = UUID.randomUUID();
        given().get("/api/v1/lineage/runs/{runId}", runId)
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("lineage run " + runId + " does not exist"))
                .body("instance", equalTo("/api/v1/lineage/runs/" + runId));
    }

    @Test
    void malformedRunIdIsABadRequestProblem() {
        given().get("/api/v1/lineage/runs/{runId}", "42")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("type", equalTo("https://trainyard.io/problems/invalid-request"))
                .body("errors[0].field", equalTo("run_id"))
                .body("detail", equalTo("run_id: must be a UUID, got \"42\""));
    }

    @Test
    void datasetNoRunHasReadHasNoRuns() {
        given().get("/api/v1/lineage/datasets/trainyard/datasets/{datasetId}/runs", UUID.randomUUID())
                .then().statusCode(200)
                .body("items", empty());
    }
}
