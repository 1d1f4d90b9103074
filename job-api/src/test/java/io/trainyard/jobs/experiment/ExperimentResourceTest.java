package io.trainyard.jobs.experiment;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.trainyard.devstack.TestTokens;
import io.trainyard.jobs.TestSupport;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ExperimentResourceTest {
    private static final String COLLEAGUE = TestTokens.token("carol", TestTokens.TENANT);
    private static final String OTHER_TENANT = TestTokens.token("bob", "team-b");

    @Test
    void jobsJoinAnExperimentByIdOrByNameAndTheJobListFiltersByIt() {
        String name = unique("churn model");
        var created = create(name, "[\"q4\", \"churn\", \"q4\"]");
        String experiment = created.then().statusCode(201)
                .header("Location", endsWith("/api/v1/experiments/" + created.path("id")))
                .body("runs", equalTo(0)).body("latest_run_at", nullValue())
                .body("tags", containsInAnyOrder("churn", "q4")).body("owner", equalTo(TestTokens.USER))
                .extract().path("id");
        String byId = job("{\"experiment_id\": \"" + experiment + "\"}");
        String byName = job("{\"experiment\": \"" + name + "\"}");
        String outside = job("{}");

        given().get("/api/v1/training/jobs/" + byName).then().body("experiment_id", equalTo(experiment));
        given().get("/api/v1/training/jobs/" + outside).then().body("experiment_id", nullValue());
        given().queryParam("experiment_id", experiment).get("/api/v1/training/jobs").then().statusCode(200)
                .body("items.id", containsInAnyOrder(byId, byName)).body("total", equalTo(2));
        given().get("/api/v1/experiments/" + experiment).then().statusCode(200).body("runs", equalTo(2))
                .body("latest_run_at", notNullValue());
        given().get("/api/v1/experiments").then().statusCode(200).body("items.name", hasItem(name));

        // A retry runs in the same experiment.
        given().post("/api/v1/training/jobs/" + byId + "/cancel").then().statusCode(200);
        String retry = given().post("/api/v1/training/jobs/" + byId + "/retry").then().statusCode(201)
                .extract().path("id");
        given().get("/api/v1/training/jobs/" + retry).then().body("experiment_id", equalTo(experiment));
        given().get("/api/v1/experiments/" + experiment).then().body("runs", equalTo(3));
    }

    @Test
    void aNameIsUniqueWithinItsTenantOnly() {
        String name = unique("baseline");
        create(name, null).then().statusCode(201);
        create(name, null).then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
        given().header("Authorization", "Bearer " + OTHER_TENANT).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\"}").post("/api/v1/experiments").then().statusCode(201)
                .body("tenant", equalTo("team-b"));
    }

    @Test
    void aJobNamingAnUnknownOrAnotherTenantsExperimentIsRefusedAndNotStored() {
        long before = TestSupport.count("training_job");
        jobRequest("{\"experiment\": \"" + unique("never created") + "\"}").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("experiment"));
        String theirs = given().header("Authorization", "Bearer " + OTHER_TENANT).contentType(ContentType.JSON)
                .body("{\"name\": \"" + unique("theirs") + "\"}").post("/api/v1/experiments").then().statusCode(201)
                .extract().path("id");
        jobRequest("{\"experiment_id\": \"" + theirs + "\"}").then().statusCode(422)
                .body("errors[0].field", equalTo("experiment_id")).body("detail", not(containsString("team-b")));
        jobRequest("{\"experiment_id\": \"" + theirs + "\", \"experiment\": \"x\"}").then().statusCode(400)
                .body("errors.field", hasItem("experiment"));
        jobRequest("{\"experiment_id\": \"not-a-uuid\"}").then().statusCode(400)
                .body("errors.field", hasItem("experiment_id"));
        given().queryParam("experiment_id", "nope").get("/api/v1/training/jobs").then().statusCode(400);
        org.junit.jupiter.api.Assertions.assertEquals(before, TestSupport.count("training_job"));
    }

    @Test
    void theOwnerRenamesAndRedescribesAColleagueMayNot() {
        String name = unique("renamed");
        String taken = unique("taken");
        create(taken, null).then().statusCode(201);
        String experiment = given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"description\": \"first try\"}").post("/api/v1/experiments")
                .then().statusCode(201).body("description", equalTo("first try")).extract().path("id");

        patch(given(), experiment, "{\"tags\": [\"final\"]}").then().statusCode(200)
                .body("description", equalTo("first try")).body("tags", containsInAnyOrder("final"))
                .body("name", equalTo(name));
        patch(given(), experiment, "{\"name\": \"" + name + " v2\", \"description\": null}").then().statusCode(200)
                .body("name", equalTo(name + " v2")).body("description", nullValue())
                .body("tags", containsInAnyOrder("final"));
        patch(given(), experiment, "{\"name\": \"" + taken + "\"}").then().statusCode(409)
                .body("errors[0].field", equalTo("name"));
        patch(given(), experiment, "{}").then().statusCode(400);
        patch(given(), experiment, "{\"owner\": \"me\"}").then().statusCode(400).body("errors[0].field",
                equalTo("owner"));
        patch(given().header("Authorization", "Bearer " + COLLEAGUE), experiment, "{\"description\": \"mine\"}")
                .then().statusCode(403).contentType("application/problem+json");
        given().get("/api/v1/experiments/" + experiment).then().body("name", equalTo(name + " v2"));
    }

    @Test
    void onlyAnEmptyExperimentIsDeleted() {
        String name = unique("to delete");
        String experiment = create(name, null).then().statusCode(201).extract().path("id");
        String run = job("{\"experiment_id\": \"" + experiment + "\"}");
        given().delete("/api/v1/experiments/" + experiment).then().statusCode(409)
                .body("detail", containsString("holds 1 job"));
        given().get("/api/v1/training/jobs/" + run).then().body("experiment_id", equalTo(experiment));

        String empty = create(unique("empty"), null).then().statusCode(201).extract().path("id");
        given().header("Authorization", "Bearer " + COLLEAGUE).delete("/api/v1/experiments/" + empty).then()
                .statusCode(403);
        given().delete("/api/v1/experiments/" + empty).then().statusCode(204);
        given().get("/api/v1/experiments/" + empty).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/experiments/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static io.restassured.response.Response create(String name, String tags) {
        return given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\""
                + (tags == null ? "" : ", \"tags\": " + tags) + "}").post("/api/v1/experiments");
    }

    private static io.restassured.response.Response patch(RequestSpecification request, String id, String body) {
        return request.contentType("application/merge-patch+json").body(body).patch("/api/v1/experiments/" + id);
    }

    /** Creates a job with these extra fields ({@code {}} for none); returns its id. */
    private static String job(String extra) {
        return jobRequest(extra).then().statusCode(201).extract().path("id");
    }

    private static io.restassured.response.Response jobRequest(String extra) {
        String fields = extra.substring(1, extra.length() - 1).strip();
        return given().contentType(ContentType.JSON).body("""
                {"name": "experiment run", "dataset_id": "%s", "model_family": "logistic_regression"%s}"""
                .formatted(TestSupport.iris(), fields.isEmpty() ? "" : ", " + fields)).post("/api/v1/training/jobs");
    }
}
